package com.lms.migrations.background;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;

/**
 * A migration that runs in the background, after the application is ready, instead of holding
 * startup back: a backfill of millions of documents, say.
 *
 * <p>Startup applies the regular migrations and becomes ready; then one worker thread per instance
 * runs pending background migrations, one at a time, lowest version first. Each background
 * migration has its own lease, so it never blocks another instance's startup, and its batch jobs
 * ({@link MigrationContext#batch}) checkpoint after every batch: when the instance running it dies
 * or shuts down, another one carries on from the last checkpoint. Operators can pause, resume and
 * throttle it at run time ({@link MigrationRunner#background()}).
 *
 * <p>What its recorded status means:
 *
 * <ul>
 *   <li>{@link MigrationState#PENDING}: queued, or paused, or stopped between batches when its
 *       instance shut down; it carries on from its checkpoint when a worker takes it up again.
 *   <li>{@link MigrationState#RUNNING}: a worker is running it; its progress says how far it got.
 *   <li>{@link MigrationState#COMPLETED}: done. A regular migration that {@linkplain
 *       Migration#requires() requires} it may run.
 *   <li>{@link MigrationState#FAILED}: it threw (the error names the document when a batch job
 *       failed on one); workers leave it alone until an operator resumes it or runs {@code up}.
 * </ul>
 *
 * <p>Pausing and stopping take effect between batches: write the migration with batch jobs, or it
 * runs to its end once started. {@link #down} runs in the foreground, like any other migration's.
 */
public interface BackgroundMigration extends Migration {

  /**
   * Background migrations commit batch by batch and never run in one transaction.
   *
   * @return {@code false}
   */
  @Override
  default boolean transactional() {
    return false;
  }
}
