package com.lms.migrations;

/**
 * Stops a background migration between two batches (paused, or its instance is shutting down). It
 * is recorded as PENDING with its checkpoints kept, so the next run carries on from there. Never
 * reaches callers.
 */
final class MigrationSuspendedException extends RuntimeException {

  MigrationSuspendedException(String reason) {
    super(reason, null, false, false);
  }
}
