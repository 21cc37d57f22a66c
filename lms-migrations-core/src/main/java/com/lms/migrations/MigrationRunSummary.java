package com.lms.migrations;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one call that applies or rolls back migrations ({@code upAll}, {@code upTo},
 * {@code rollbackTo}).
 *
 * @param executions what ran, in order; empty when there was nothing to do
 * @param duration how long the call took
 * @param currentVersion the highest applied version afterwards, 0 when none is applied
 * @param pending how many registered migrations are not applied afterwards
 */
public record MigrationRunSummary(
    List<MigrationExecution> executions, Duration duration, int currentVersion, int pending) {

  /** Copies the executions. */
  public MigrationRunSummary {
    executions = List.copyOf(executions);
  }

  /**
   * Whether every execution succeeded.
   *
   * @return {@code false} if one failed
   */
  public boolean succeeded() {
    return executions.stream().allMatch(MigrationExecution::succeeded);
  }
}
