package com.lms.migrations;

/**
 * Why lms-migrations refused or stopped: the machine-readable reason of a {@link
 * MigrationException}, one per exception type. A caller that adds its own advice (property names,
 * endpoint requests, exit codes) maps the code and the exception's fields, never its message. The
 * constants' names are stable: new ones may be added, none is renamed or reused.
 */
public enum ErrorCode {

  /**
   * A migration is null, or its name or version is not allowed ({@link InvalidMigrationException}).
   */
  INVALID_MIGRATION,

  /** Two registered migrations share a name or a version ({@link DuplicateMigrationException}). */
  DUPLICATE_MIGRATION,

  /** No migration with the name asked for is registered ({@link UnknownMigrationException}). */
  UNKNOWN_MIGRATION,

  /**
   * The registered migrations disagree with the recorded history, so nothing ran ({@link
   * com.lms.migrations.validation.MigrationValidationException}).
   */
  VALIDATION_FAILED,

  /**
   * A migration's {@code up} or {@code down} threw, or its outcome could not be recorded ({@link
   * MigrationFailedException}).
   */
  MIGRATION_FAILED,

  /**
   * A rollback was asked for a migration that is pending or being run elsewhere ({@link
   * MigrationNotAppliedException}).
   */
  MIGRATION_NOT_APPLIED,

  /**
   * The history could not be written before a migration ran; nothing of it ran ({@link
   * MigrationRecordException}).
   */
  HISTORY_WRITE_FAILED,

  /**
   * Another instance held the migration lock for longer than the wait time ({@link
   * MigrationLockTimeoutException}); the setting is {@code lock.waitTime}.
   */
  LOCK_TIMEOUT,

  /**
   * This instance's lock lease ran out while it worked, so it stopped ({@link
   * MigrationLeaseLostException}); the setting is {@code lock.leaseTime}.
   */
  LEASE_LOST,

  /**
   * The migration lock's document has a field that cannot be read ({@link
   * UnreadableMigrationLockException}).
   */
  UNREADABLE_LOCK,

  /**
   * A migration's status document has a field that cannot be read ({@link
   * UnreadableMigrationRecordException}).
   */
  UNREADABLE_RECORD,

  /**
   * The history collection holds a document lms-migrations did not write ({@link
   * ForeignMigrationCollectionException}); the setting is {@code collection}.
   */
  FOREIGN_HISTORY_COLLECTION,

  /**
   * Transactions are required but the server has none ({@link TransactionsUnavailableException}).
   */
  TRANSACTIONS_UNAVAILABLE,

  /**
   * A baseline was asked for on a database that already has history ({@link
   * BaselineNotAllowedException}).
   */
  BASELINE_NOT_ALLOWED,

  /**
   * An import of another tool's history was refused ({@link
   * com.lms.migrations.importer.HistoryImportRefusedException}).
   */
  HISTORY_IMPORT_REFUSED,

  /**
   * A batch job's transformer threw on a document; earlier batches stay checkpointed ({@link
   * com.lms.migrations.batch.BatchTransformException}).
   */
  BATCH_TRANSFORM_FAILED,

  /**
   * The server refused (or did not confirm) a batch job's write; earlier batches stay checkpointed
   * ({@link com.lms.migrations.batch.BatchWriteException}).
   */
  BATCH_WRITE_FAILED,

  /**
   * A background migration was to be run or rolled back by hand while a worker runs it ({@link
   * com.lms.migrations.background.BackgroundMigrationRunningException}); the advice is to pause it.
   */
  BACKGROUND_MIGRATION_RUNNING,

  /**
   * A migration requires a background migration that has not completed, and the wait for it ran out
   * ({@link RequiredMigrationNotFinishedException}); the setting is {@code requiredWaitTime}.
   */
  REQUIRED_MIGRATION_NOT_FINISHED,

  /**
   * The run over the tenants left some of them failed or not started ({@code
   * tenant.TenantMigrationsFailedException}).
   */
  TENANT_MIGRATIONS_FAILED,

  /**
   * A tenant that the tenants do not list was asked for ({@code tenant.UnknownTenantException}).
   */
  UNKNOWN_TENANT,

  /**
   * A reversibility check found a migration whose {@code down} does not undo its {@code up} ({@code
   * verify.IrreversibleMigrationException}).
   */
  IRREVERSIBLE_MIGRATION,

  /**
   * A schema step, or its undo, refused to act because acting would lose or overwrite data ({@code
   * schema.SchemaStepRefusedException}).
   */
  SCHEMA_STEP_REFUSED
}
