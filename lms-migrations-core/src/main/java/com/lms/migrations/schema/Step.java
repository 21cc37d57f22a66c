package com.lms.migrations.schema;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** One schema step: what it changes, what it records before acting, and the change itself. */
interface Step {

  /** The kind as recorded, such as {@code createIndex}. */
  String kind();

  /** The collection (or view) it changes. */
  String collection();

  /** What in the collection it changes, empty for the whole collection. */
  String subject();

  /** What it is about to do, in words a person reads. */
  String intent();

  /**
   * Reads what undoing it needs, before anything changes.
   *
   * @param work the database and the migration
   * @param side a collection name of this step's own, for a backup or a list of ids
   * @throws SchemaStepRefusedException when acting would lose or overwrite data
   */
  BsonDocument capture(StepWork work, String side);

  /**
   * Acts. Called again with the same data when a run that stopped half way runs again, so it
   * carries on from whatever it finds.
   *
   * @return what it did
   */
  Outcome apply(StepWork work, BsonDocument data);

  /**
   * What a step did.
   *
   * @param description in words a person reads
   * @param result what the step returns to the migration: a count, or a name
   */
  record Outcome(String description, BsonValue result) {}
}
