package com.lms.migrations.batch;

import com.lms.migrations.MigrationLeaseLostException;
import com.lms.migrations.MigrationLogger;
import com.mongodb.client.MongoDatabase;
import java.util.Optional;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * What a {@link BatchJob} needs from the migration it runs in. Implemented by the engine (the
 * context of a running migration); applications do not implement it, they get jobs from {@link
 * com.lms.migrations.MigrationContext#batch(String)}.
 */
public interface BatchEnvironment {

  /**
   * A job over a collection, run in this environment.
   *
   * @param collection the collection the job reads
   * @return a job to configure and run
   */
  default BatchJob batch(String collection) {
    return new BatchJob(collection, this);
  }

  /**
   * The migration the job runs in.
   *
   * @return its name
   */
  String migrationName();

  /**
   * The database, outside any transaction.
   *
   * @return the database
   */
  MongoDatabase database();

  /**
   * Where the job's progress lines go.
   *
   * @return the migration's logger
   */
  MigrationLogger log();

  /**
   * The converter the application's template maps queries with.
   *
   * @return the converter
   */
  MongoConverter converter();

  /**
   * Where the migration's jobs keep their checkpoints, for the current run.
   *
   * @return the checkpoints
   */
  Checkpoints checkpoints();

  /**
   * The key of the next job with this exact name in this run: occurrence 1 for the first, then 2
   * and so on, so that two jobs over the same collection in one migration do not share a checkpoint
   * (the order is the same in every run of the migration).
   *
   * @param name the job's name
   * @return its key
   */
  JobKey jobKey(String name);

  /**
   * The run's controls between batches: a run-time throttle, and whether to go on.
   *
   * @return the controls
   */
  BatchControl control();

  /** Where a migration's batch jobs keep their checkpoints, for the current run. */
  interface Checkpoints {

    /**
     * The job's checkpoint, if this run (or the failed run it resumes) saved one.
     *
     * @param job the job
     * @return its checkpoint
     */
    Optional<BatchCheckpoint> load(JobKey job);

    /**
     * Checks, before a batch is written, that this runner still owns the migration: a runner that
     * was paused past its lease must not write over the work of the one that took over.
     *
     * @throws MigrationLeaseLostException when this runner no longer owns the migration
     */
    void ensureOwned();

    /**
     * Saves a checkpoint (after {@link #ensureOwned()} and the batch's writes).
     *
     * @param job the job
     * @param checkpoint how far it got
     */
    void save(JobKey job, BatchCheckpoint checkpoint);
  }
}
