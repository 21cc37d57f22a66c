package com.lms.migrations;

/**
 * Hears what a {@link MigrationRunner} does, for metrics and notifications. Called on the thread
 * that runs the migrations, so keep listeners quick; an exception thrown here is logged at WARN and
 * ignored, and never changes what is recorded about a migration.
 */
public interface MigrationListener {

  /**
   * A migration is about to run.
   *
   * @param migration the migration
   * @param direction which way
   */
  default void migrationStarted(Migration migration, Direction direction) {}

  /**
   * A migration finished running, successfully or not.
   *
   * @param execution what happened
   */
  default void migrationFinished(MigrationExecution execution) {}

  /**
   * A call that applies or rolls back migrations finished, successfully or not.
   *
   * @param summary what it did
   */
  default void runFinished(MigrationRunSummary summary) {}

  /**
   * The listener to attach to a runner for another database ({@link
   * MigrationRunner#forDatabase(String)}, a tenant's), given that runner before it is used, for
   * example one that tags what it records with {@link MigrationRunner#getDatabaseName()}. By
   * default this same listener.
   *
   * @param runner the other database's runner
   * @return the listener for that runner
   */
  default MigrationListener forOtherDatabase(MigrationRunner runner) {
    return this;
  }
}
