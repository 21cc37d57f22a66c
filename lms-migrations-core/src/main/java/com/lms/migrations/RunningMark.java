package com.lms.migrations;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A running mark to write: which migration, in which direction, the state the plan read (the
 * compare-and-set's expected value), the run's id and when it started.
 *
 * @param migration the migration to mark
 * @param direction the direction it is about to run in
 * @param planned its state as the plan read it, {@code null} when it had no record
 * @param runId the run's id, which its batch checkpoints and schema steps carry
 * @param by the runner that marks it
 * @param since when the run starts, in milliseconds (what a BSON date keeps)
 */
record RunningMark(
    Migration migration,
    Direction direction,
    @Nullable StoredMigration planned,
    String runId,
    RunnerIdentity by,
    Instant since) {

  /** A mark over another runner's mark is never sent: the state as planned cannot be RUNNING. */
  boolean canBeSent() {
    return planned == null || planned.state() != MigrationState.RUNNING;
  }
}
