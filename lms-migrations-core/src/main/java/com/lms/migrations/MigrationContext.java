package com.lms.migrations;

import com.lms.migrations.batch.BatchJob;
import com.lms.migrations.schema.SchemaSteps;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/** What a running migration can use: the database and a log that is kept with its status. */
public interface MigrationContext {

  /**
   * The template to change data with. When the migration runs in a transaction, operations on this
   * template take part in it.
   *
   * @return the application's template
   */
  MongoTemplate mongoTemplate();

  /**
   * A logger whose lines go to the application log and are stored with the migration, so that
   * {@link MigrationRunner#getLogs(String)} shows them from any instance.
   *
   * @return the migration's logger
   */
  MigrationLogger log();

  /**
   * Streams a collection in batches with resumable checkpoints; see {@link BatchJob}.
   *
   * @param collection the collection to stream
   * @return a job to configure and {@linkplain BatchJob#run run}
   */
  default BatchJob batch(String collection) {
    throw new UnsupportedOperationException(
        "batch() is only available to migrations run by a MigrationRunner");
  }

  /**
   * Schema steps that undo themselves: indexes, validators, fields, collections and views. A
   * migration made only of steps needs no {@code down}; see {@link SchemaSteps}.
   *
   * @return the steps of this run of the migration
   */
  default SchemaSteps schema() {
    throw new UnsupportedOperationException(
        "schema() is only available to migrations run by a MigrationRunner");
  }

  /**
   * Copies the matching documents, whole, into {@link #backupCollection(String)}, before a
   * transformation that cannot be reversed from the data alone. Streams in batches and resumes
   * after a crash; a document already backed up is never overwritten, so running {@code up} again
   * keeps the original copy.
   *
   * @param collection the collection to back up
   * @param filter which documents, for example {@code Filters.type("credits", "string")}
   * @return the number of documents backed up
   * @throws Exception when reading or writing fails
   */
  default long backup(String collection, Bson filter) throws Exception {
    throw new UnsupportedOperationException(
        "backup() is only available to migrations run by a MigrationRunner");
  }

  /**
   * Puts back every document of the backup of {@code collection}, replacing the current version of
   * each (documents created since are left alone), then drops the backup. Call it from {@link
   * Migration#down}.
   *
   * @param collection the collection that was backed up
   * @return the number of documents restored
   * @throws Exception when reading or writing fails
   */
  default long restore(String collection) throws Exception {
    throw new UnsupportedOperationException(
        "restore() is only available to migrations run by a MigrationRunner");
  }

  /**
   * Where this migration keeps its backup of a collection: {@code
   * lms_backup_<migration>_<collection>}. It is kept until {@link #restore} drops it; drop it by
   * hand once the migration is known to be good.
   *
   * @param collection the backed up collection
   * @return the backup collection's name
   */
  default String backupCollection(String collection) {
    throw new UnsupportedOperationException(
        "backupCollection() is only available to migrations run by a MigrationRunner");
  }
}
