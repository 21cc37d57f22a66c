package com.lms.migrations.background;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;

/**
 * A background migration cannot be run or rolled back by hand while a worker runs it: pause it
 * first, and act once it has stopped.
 */
public class BackgroundMigrationRunningException extends MigrationException {

  /** The background migration. */
  private final String migrationName;

  /**
   * Creates the exception.
   *
   * @param migrationName the background migration
   * @param holder who runs it, as the lease names its holder
   */
  public BackgroundMigrationRunningException(String migrationName, String holder) {
    super(
        ErrorCode.BACKGROUND_MIGRATION_RUNNING,
        names ->
            "Background migration '"
                + migrationName
                + "' is being run by "
                + holder
                + "; pause it ("
                + names.pause(migrationName)
                + ") and try again once it has stopped between two batches");
    this.migrationName = migrationName;
  }

  /**
   * The background migration.
   *
   * @return its name
   */
  public String getMigrationName() {
    return migrationName;
  }
}
