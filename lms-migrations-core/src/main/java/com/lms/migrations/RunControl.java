package com.lms.migrations;

import org.jspecify.annotations.Nullable;

/**
 * What a run's batch jobs ask between batches: the rate limit to apply now, and whether to go on. A
 * foreground run always goes on; a background run records its progress and stops when it is paused
 * or its instance shuts down.
 */
interface RunControl {

  /** A foreground run: the job's own throttle, never stopped. */
  RunControl NONE =
      new RunControl() {
        @Override
        public long maxPerSecond(long configured) {
          return configured;
        }

        @Override
        public void batchDone(String job, long processed, @Nullable Long total) {}

        @Override
        public @Nullable MigrationSuspendedException suspension() {
          return null;
        }
      };

  /** The most documents per second to allow now, given the job's own setting. */
  long maxPerSecond(long configured);

  /**
   * Called after each checkpointed batch.
   *
   * @throws MigrationSuspendedException when the run must stop here, to carry on later
   */
  void batchDone(String job, long processed, @Nullable Long total);

  /** Why the run was stopped, once it was (even when the migration swallowed the exception). */
  @Nullable MigrationSuspendedException suspension();
}
