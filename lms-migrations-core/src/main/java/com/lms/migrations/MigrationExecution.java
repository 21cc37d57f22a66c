package com.lms.migrations;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One run of one migration, as reported to {@link MigrationListener}s.
 *
 * @param name the migration's name
 * @param version the migration's version
 * @param direction whether it was applied or rolled back
 * @param outcome {@link MigrationState#COMPLETED} after an apply, {@link MigrationState#PENDING}
 *     after a rollback, {@link MigrationState#FAILED} when it threw, {@link MigrationState#RUNNING}
 *     when its outcome could not be recorded (it stays marked as running until the next run
 *     recovers it)
 * @param startedAt when it started
 * @param duration how long it ran
 * @param failure what it threw, or {@code null}
 */
public record MigrationExecution(
    String name,
    int version,
    Direction direction,
    MigrationState outcome,
    Instant startedAt,
    Duration duration,
    @Nullable Throwable failure) {

  /**
   * Whether the run succeeded.
   *
   * @return {@code true} when its success was recorded
   */
  public boolean succeeded() {
    return outcome == MigrationState.COMPLETED || outcome == MigrationState.PENDING;
  }

  /**
   * The status this run left, as {@link MigrationRunner#getStatus} would read it.
   *
   * @return the status
   */
  public MigrationStatus toStatus() {
    if (outcome == MigrationState.PENDING) {
      return MigrationStatus.pending(name, version);
    }
    return new MigrationStatus(
        name,
        version,
        outcome,
        startedAt,
        duration.toMillis(),
        failure == null ? null : MigrationFailedException.describe(failure));
  }
}
