package com.lms.migrations;

/** No migration with the given name is registered. */
public class UnknownMigrationException extends MigrationException {

  /** The name that was asked for. */
  private final String migrationName;

  UnknownMigrationException(String migrationName) {
    super(
        ErrorCode.UNKNOWN_MIGRATION,
        "No migration named '"
            + migrationName
            + "' is registered. Check the name against MigrationRunner.getMigrations().");
    this.migrationName = migrationName;
  }

  /**
   * The name that was asked for.
   *
   * @return the unknown name
   */
  public String getMigrationName() {
    return migrationName;
  }
}
