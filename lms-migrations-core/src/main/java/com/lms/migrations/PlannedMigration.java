package com.lms.migrations;

/**
 * One step of a plan: a migration that would be run, and which way.
 *
 * @param name the migration's name
 * @param version the migration's version
 * @param direction apply or roll back
 */
public record PlannedMigration(String name, int version, Direction direction) {

  static PlannedMigration of(Migration migration, Direction direction) {
    return new PlannedMigration(migration.name(), migration.version(), direction);
  }
}
