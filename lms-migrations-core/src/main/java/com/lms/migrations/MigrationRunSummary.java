package com.lms.migrations;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one call that applies or rolls back migrations ({@code upAll}, {@code upTo},
 * {@code rollbackTo}), sent to listeners whether the call succeeded or not.
 *
 * @param executions what ran, in order (including the one that failed); empty when there was
 *     nothing to do or the call failed before running anything
 * @param duration how long the call took
 * @param currentVersion the highest applied version afterwards, 0 when none is applied, {@value
 *     #UNKNOWN} when the history could not be read afterwards (the database was unreachable, or a
 *     record could not be read)
 * @param pending how many registered migrations are not applied afterwards, {@value #UNKNOWN} when
 *     the history could not be read afterwards
 * @param failure why the call failed (a migration's failure, the lock not obtained, a lost lease, a
 *     database error), or {@code null} when it succeeded
 */
public record MigrationRunSummary(
    List<MigrationExecution> executions,
    Duration duration,
    int currentVersion,
    int pending,
    @Nullable Throwable failure) {

  /** The current version and pending count of a call after which the history could not be read. */
  public static final int UNKNOWN = -1;

  /**
   * Copies the executions.
   *
   * @param executions what ran, in order (including the one that failed); empty when there was
   *     nothing to do or the call failed before running anything
   * @param duration how long the call took
   * @param currentVersion the highest applied version afterwards, 0 when none is applied, {@value
   *     #UNKNOWN} when the history could not be read afterwards
   * @param pending how many registered migrations are not applied afterwards, {@value #UNKNOWN}
   *     when the history could not be read afterwards
   * @param failure why the call failed (a migration's failure, the lock not obtained, a lost lease,
   *     a database error), or {@code null} when it succeeded
   */
  public MigrationRunSummary {
    executions = List.copyOf(executions);
  }

  /**
   * A summary of a call that succeeded.
   *
   * @param executions what ran, in order
   * @param duration how long the call took
   * @param currentVersion the highest applied version afterwards
   * @param pending how many registered migrations are not applied afterwards
   */
  public MigrationRunSummary(
      List<MigrationExecution> executions, Duration duration, int currentVersion, int pending) {
    this(executions, duration, currentVersion, pending, null);
  }

  /**
   * Whether the history was read after the call, so that {@link #currentVersion()} and {@link
   * #pending()} say where the schema stands.
   *
   * @return {@code false} when the database could not be read afterwards
   */
  public boolean stateKnown() {
    return currentVersion != UNKNOWN;
  }

  /**
   * Whether the call succeeded: nothing failed, and every execution's outcome is recorded.
   *
   * @return {@code false} if the call failed or one execution did
   */
  public boolean succeeded() {
    return failure == null && executions.stream().allMatch(MigrationExecution::succeeded);
  }

  /**
   * The executions that succeeded, in order.
   *
   * @return what was applied or rolled back before any failure
   */
  public List<MigrationExecution> completed() {
    return executions.stream().filter(MigrationExecution::succeeded).toList();
  }
}
