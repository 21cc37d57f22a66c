package com.lms.migrations;

/**
 * The migration history could not be written before a migration ran: marking it as running, or
 * recording that a dead runner's run was interrupted. Nothing of the migration was run; its
 * recorded state is what it was. The cause is the database's error.
 */
public class MigrationRecordException extends MigrationException {

  /** The migration whose history could not be written. */
  private final String migrationName;

  MigrationRecordException(String migrationName, String what, Throwable cause) {
    super(
        ErrorCode.HISTORY_WRITE_FAILED,
        "Could not "
            + what
            + " migration '"
            + migrationName
            + "' in the history ("
            + MigrationFailedException.describe(cause)
            + "). Nothing of it was run; check that MongoDB is reachable and run again.",
        cause);
    this.migrationName = migrationName;
  }

  /**
   * The migration whose history could not be written.
   *
   * @return its name
   */
  public String getMigrationName() {
    return migrationName;
  }
}
