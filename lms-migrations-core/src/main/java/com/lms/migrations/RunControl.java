package com.lms.migrations;

import com.lms.migrations.batch.BatchControl;
import org.jspecify.annotations.Nullable;

/**
 * What a run's batch jobs ask between batches: the rate limit to apply now, and whether to go on. A
 * foreground run always goes on; a background run records its progress and stops when it is paused
 * or its instance shuts down.
 */
interface RunControl extends BatchControl {

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

  /** Why the run was stopped, once it was (even when the migration swallowed the exception). */
  @Nullable MigrationSuspendedException suspension();
}
