package com.lms.migrations;

/** Where a migration stands, as recorded in the database. */
public enum MigrationState {
  /** Not applied: never run, or rolled back. */
  PENDING,
  /** Being applied or rolled back right now (or interrupted, until the next run notices). */
  RUNNING,
  /** Applied. */
  COMPLETED,
  /** The last attempt threw; see {@link MigrationStatus#error()}. */
  FAILED
}
