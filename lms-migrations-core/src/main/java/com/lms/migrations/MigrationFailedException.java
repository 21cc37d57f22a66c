package com.lms.migrations;

/**
 * A migration's {@link Migration#up} or {@link Migration#down} threw. The migration is recorded as
 * {@link MigrationState#FAILED} with the error and its logs; the cause is attached.
 */
public class MigrationFailedException extends MigrationException {

  private final String migrationName;
  private final Direction direction;
  private final transient MigrationExecution execution;

  MigrationFailedException(MigrationExecution execution) {
    this(
        execution.name(),
        execution.version(),
        execution.direction(),
        execution.failure(),
        execution);
  }

  private MigrationFailedException(
      String migrationName,
      int version,
      Direction direction,
      Throwable cause,
      MigrationExecution execution) {
    super(
        "Migration '"
            + migrationName
            + "' (version "
            + version
            + ") failed while "
            + (direction == Direction.UP ? "applying" : "rolling back")
            + ": "
            + describe(cause)
            + ". It is recorded as FAILED; fix the cause and run it again (upAll re-runs failed"
            + " migrations). Its logs: getLogs(\""
            + migrationName
            + "\") or GET /actuator/migrations/"
            + migrationName,
        cause);
    this.migrationName = migrationName;
    this.direction = direction;
    this.execution = execution;
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getName()
        : cause.getClass().getSimpleName() + ": " + message;
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
