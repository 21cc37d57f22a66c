package com.lms.migrations.background;

/** Where a {@link BackgroundMigration} stands, as operators see it. */
public enum BackgroundState {

  /** Not started yet, or stopped between batches and waiting for a worker to carry on. */
  QUEUED,

  /** A worker is running it. */
  RUNNING,

  /** An operator paused it; it carries on from its checkpoint once resumed. */
  PAUSED,

  /** Done. */
  COMPLETED,

  /** It threw; it stays failed until an operator resumes it. */
  FAILED
}
