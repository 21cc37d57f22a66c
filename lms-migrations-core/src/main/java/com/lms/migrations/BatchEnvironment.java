package com.lms.migrations;

import com.lms.migrations.BatchCheckpointStore.JobKey;
import com.mongodb.client.MongoDatabase;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/** What a {@link BatchJob} needs from the migration it runs in. */
interface BatchEnvironment {

  String migrationName();

  /** The database, outside any transaction. */
  MongoDatabase database();

  MigrationLogger log();

  /** The converter the application's template maps queries with. */
  MongoConverter converter();

  Checkpoints checkpoints();

  /**
   * The key of the next job with this exact name in this run: occurrence 1 for the first, then 2
   * and so on, so that two jobs over the same collection in one migration do not share a checkpoint
   * (the order is the same in every run of the migration).
   */
  JobKey jobKey(String name);

  /** The run's controls between batches: a run-time throttle, and whether to go on. */
  default RunControl control() {
    return RunControl.NONE;
  }

  default LongSupplier nanoTime() {
    return System::nanoTime;
  }

  default Throttle.Sleeper sleeper() {
    return Throttle.THREAD_SLEEP;
  }

  /** Where a migration's batch jobs keep their checkpoints, for the current run. */
  interface Checkpoints {

    /** The job's checkpoint, if this run (or the failed run it resumes) saved one. */
    Optional<BatchCheckpoint> load(JobKey job);

    /**
     * Checks, before a batch is written, that this runner still owns the migration: a runner that
     * was paused past its lease must not write over the work of the one that took over.
     *
     * @throws MigrationLeaseLostException when this runner no longer owns the migration
     */
    void ensureOwned();

    /** Saves a checkpoint (after {@link #ensureOwned()} and the batch's writes). */
    void save(JobKey job, BatchCheckpoint checkpoint);
  }
}
