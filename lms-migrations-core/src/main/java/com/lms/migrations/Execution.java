package com.lms.migrations;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One finished action, as recorded in the status and the history. */
record Execution(
    Direction direction,
    MigrationState outcome,
    Instant startedAt,
    long durationMs,
    String error,
    RunnerIdentity by,
    @Nullable String principal,
    String action,
    String runId,
    List<String> steps) {

  /** Who acted, as a person reads it: the host and process, and who asked. */
  String appliedBy() {
    return by.host()
        + " (pid "
        + by.pid()
        + ")"
        + (principal == null ? "" : ", asked by " + principal);
  }

  Execution(
      Direction direction,
      MigrationState outcome,
      Instant startedAt,
      long durationMs,
      String error,
      RunnerIdentity by,
      @Nullable String principal,
      String runId) {
    this(
        direction,
        outcome,
        startedAt,
        durationMs,
        error,
        by,
        principal,
        direction.name(),
        runId,
        List.of());
  }

  Execution(
      Direction direction,
      MigrationState outcome,
      Instant startedAt,
      long durationMs,
      String error,
      RunnerIdentity by,
      @Nullable String principal,
      String action,
      String runId) {
    this(direction, outcome, startedAt, durationMs, error, by, principal, action, runId, List.of());
  }

  /** The same execution, with the schema steps it took or undid. */
  Execution withSteps(List<String> taken) {
    return new Execution(
        direction, outcome, startedAt, durationMs, error, by, principal, action, runId, taken);
  }
}
