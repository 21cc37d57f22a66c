package com.lms.migrations;

import com.mongodb.client.MongoDatabase;
import java.util.Optional;
import java.util.function.LongSupplier;

/** What a {@link BatchJob} needs from the migration it runs in. */
interface BatchEnvironment {

  String migrationName();

  /** The database, outside any transaction. */
  MongoDatabase database();

  MigrationLogger log();

  Checkpoints checkpoints();

  /**
   * The checkpoint key of the next job with this name in this run: the name for the first, then
   * {@code name#2} and so on, so that two jobs over the same collection in one migration do not
   * share a checkpoint (the order is the same in every run of the migration).
   */
  String checkpointKey(String name);

  default LongSupplier nanoTime() {
    return System::nanoTime;
  }

  default Throttle.Sleeper sleeper() {
    return Throttle.THREAD_SLEEP;
  }

  /** Where a migration's batch jobs keep their checkpoints. */
  interface Checkpoints {

    Optional<BatchCheckpoint> load(String job);

    /**
     * Saves a checkpoint.
     *
     * @throws MigrationLeaseLostException when this runner no longer owns the migration
     */
    void save(String job, BatchCheckpoint checkpoint);

    void clear(String job);
  }
}
