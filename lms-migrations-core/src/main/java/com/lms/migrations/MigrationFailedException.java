package com.lms.migrations;

/**
 * A migration's {@link Migration#up} or {@link Migration#down} threw (an exception or an {@link
 * Error}), or its outcome could not be recorded. Usually the migration is recorded as {@link
 * MigrationState#FAILED} with the error and its logs; when the database could not be reached to
 * record it, {@link #isOutcomeRecorded()} is {@code false} and it stays marked as running until the
 * next run recovers it. The migration's own error is the cause; errors met while recording are
 * suppressed on this exception.
 */
public class MigrationFailedException extends MigrationException {

  /** The migration that failed. */
  private final String migrationName;

  /** Whether it failed while being applied or rolled back. */
  private final Direction direction;

  private final transient MigrationExecution execution;

  /** Whether the failure was recorded in the history. */
  private final boolean outcomeRecorded;

  /** The migration threw, and that is recorded as FAILED. */
  MigrationFailedException(MigrationExecution execution) {
    super(
        ErrorCode.MIGRATION_FAILED,
        "Migration '"
            + execution.name()
            + "' (version "
            + execution.version()
            + ") failed while "
            + verb(execution.direction())
            + ": "
            + sentence(describe(execution.failure()))
            + " It is recorded as FAILED; fix the cause and run it again (upAll re-runs failed"
            + " migrations). Its logs: MigrationRunner.getLogs(\""
            + execution.name()
            + "\")",
        execution.failure());
    this.migrationName = execution.name();
    this.direction = execution.direction();
    this.execution = execution;
    this.outcomeRecorded = true;
  }

  /**
   * The outcome could not be recorded.
   *
   * @param execution what ran; its failure is the migration's own error, or {@code null} when the
   *     migration itself succeeded
   * @param recordingError why recording failed; suppressed on this exception, or the cause when the
   *     migration itself succeeded
   * @param lockLost whether recording failed because this instance lost the migration lock
   */
  MigrationFailedException(
      MigrationExecution execution, Throwable recordingError, boolean lockLost) {
    super(
        ErrorCode.MIGRATION_FAILED,
        "Migration '"
            + execution.name()
            + "' (version "
            + execution.version()
            + ") "
            + (execution.failure() == null
                ? "finished " + verb(execution.direction())
                : "failed while "
                    + verb(execution.direction())
                    + ": "
                    + describe(execution.failure()))
            + ", but its outcome could not be recorded"
            + (lockLost
                ? ": this instance lost the migration lock ("
                    + describe(recordingError)
                    + "). Another instance owns the migration now: it records this run as"
                    + " interrupted and runs it again, or already has; check its status."
                : " ("
                    + describe(recordingError)
                    + "). It stays marked RUNNING unless MongoDB applied the record after all;"
                    + " the next run, once MongoDB is reachable, records a RUNNING migration as"
                    + " interrupted and runs it again (changes it made outside a transaction are"
                    + " still there, so make it safe to re-run)."),
        execution.failure() == null ? recordingError : execution.failure());
    if (execution.failure() != null && execution.failure() != recordingError) {
      addSuppressed(recordingError);
    }
    this.migrationName = execution.name();
    this.direction = execution.direction();
    this.execution = execution;
    this.outcomeRecorded = false;
  }

  /** "applying" or "rolling back". */
  static String verb(Direction direction) {
    return direction == Direction.UP ? "applying" : "rolling back";
  }

  /**
   * Whether the failure is recorded in the database. When it is not, the migration stays marked as
   * running until the next run recovers it as interrupted.
   *
   * @return {@code false} when the database could not be reached (or the lock was lost) to record
   *     it
   */
  public boolean isOutcomeRecorded() {
    return outcomeRecorded;
  }

  /**
   * A failure as the engine reports it in messages and records: its type and message, capped so
   * that a huge message cannot flood logs or records.
   *
   * @param cause the failure
   * @return its simple type name and message, or its type name when it has no message
   */
  public static String describe(Throwable cause) {
    String message = cause.getMessage();
    return BoundedText.cap(
        message == null || message.isBlank()
            ? cause.getClass().getName()
            : cause.getClass().getSimpleName() + ": " + message);
  }

  /** Ends a text with a full stop unless it has one. */
  private static String sentence(String text) {
    return text.endsWith(".") ? text : text + ".";
  }

  /**
   * The migration that failed.
   *
   * @return its name
   */
  public String getMigrationName() {
    return migrationName;
  }

  /**
   * The failed run.
   *
   * @return what ran, with its duration and cause
   */
  public MigrationExecution getExecution() {
    return execution;
  }

  /**
   * Whether it failed while being applied or rolled back.
   *
   * @return the direction it was run in
   */
  public Direction getDirection() {
    return direction;
  }
}
