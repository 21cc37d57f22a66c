package com.lms.migrations.schema;

import com.lms.migrations.batch.BatchEnvironment;
import com.mongodb.client.MongoDatabase;

/**
 * What {@link SchemaSteps} need from the migration they run in. Implemented by the engine (the
 * context of a running migration); applications do not implement it, they get steps from {@link
 * com.lms.migrations.MigrationContext#schema()}.
 */
public interface SchemaEnvironment extends BatchEnvironment {

  /**
   * Steps taken in this environment, numbered from 1 in the order they are asked for.
   *
   * @return new steps; the environment keeps one for the run
   */
  default SchemaSteps newSchemaSteps() {
    return new SchemaSteps(new StepWork(this));
  }

  /**
   * Undoes the steps the migration recorded, newest first. Called by the engine when it rolls a
   * migration back, after the migration's own {@code down}; a rollback that stops half way carries
   * on from the steps not yet undone.
   *
   * @return how many steps the migration has records of, undone before this call or by it (0 when
   *     it took none, or was marked applied by hand since they were undone)
   */
  default int undoSchemaSteps() {
    return StepUndo.undoAll(new StepWork(this), ledger());
  }

  /**
   * Told of each step taken or undone in this run, in words a person reads, for the run's history
   * entry.
   *
   * @param description what the step or its undo did
   */
  void stepTaken(String description);

  /**
   * Where the migration's steps are recorded.
   *
   * @return the migration's records
   */
  StepLedger ledger();

  /**
   * Whether the migration's own code runs in a transaction, which the steps then stay out of.
   *
   * @return {@code true} when it does
   */
  boolean inTransaction();

  /**
   * The {@code admin} database of the same server, where an index build's progress is read.
   *
   * @return the admin database
   */
  MongoDatabase adminDatabase();
}
