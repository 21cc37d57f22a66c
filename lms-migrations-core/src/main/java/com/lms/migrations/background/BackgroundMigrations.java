package com.lms.migrations.background;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationNotAppliedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.RunRules;
import com.lms.migrations.UnknownMigrationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The {@linkplain BackgroundMigration background migrations} of a runner: their progress, the
 * operator's controls, and the work itself ({@link #start(Duration)} starts this instance's
 * worker). Implemented by the engine; get it from {@link MigrationRunner#background()}.
 *
 * <p>Pause, resume and throttle are recorded in the database, so they reach whichever instance runs
 * the migration, and they survive restarts.
 */
public interface BackgroundMigrations {

  /**
   * The progress of every registered background migration, from one read of the statuses and one of
   * the progress records.
   *
   * @return one entry per background migration, lowest version first
   */
  List<BackgroundProgress> progress();

  /**
   * The progress of one background migration.
   *
   * @param name its name
   * @return its progress
   * @throws UnknownMigrationException when no migration has this name
   * @throws IllegalArgumentException when the migration is not a background migration
   */
  BackgroundProgress progress(String name);

  /**
   * Pauses a background migration: a running one stops after its current batch (recorded as
   * PENDING, checkpoints kept), a queued one is not started.
   *
   * @param name its name
   * @return its progress now
   */
  BackgroundProgress pause(String name);

  /**
   * Resumes a paused background migration, or retries a failed one from its last checkpoint (fix
   * the data or the code first): a worker takes it up within its poll interval. A migration whose
   * rollback failed carries on rolling back from the rollback's checkpoint; it is never applied
   * again from the start by a resume. A rollback queued while it was paused runs now.
   *
   * @param name its name
   * @return its progress now
   */
  BackgroundProgress resume(String name);

  /**
   * Limits the rate of a background migration's batch jobs from their next batch on, whichever
   * instance runs it, over the limit the code set.
   *
   * @param name its name
   * @param maxPerSecond the most documents per second, or 0 to go back to the code's own limit
   * @return its progress now
   */
  BackgroundProgress throttle(String name, long maxPerSecond);

  /**
   * Asks a worker to roll a background migration back in the background: for a large one whose
   * {@code down} should not hold a request or a deploy. A worker takes it up within its poll
   * interval; a run of its {@code up} stops at its next batch, and {@code down} then runs to its
   * end from where the data is (a rollback is not stopped by shutdown; when its instance dies,
   * another one carries it on from its checkpoint). A paused migration stays paused: the rollback
   * waits, queued, until it is resumed. Once rolled back, it stays paused, so no worker applies it
   * again until it is resumed. {@link MigrationRunner#down(String)} rolls it back in the foreground
   * instead.
   *
   * @param name its name
   * @return its progress now
   * @throws MigrationNotAppliedException when it has nothing to roll back
   */
  BackgroundProgress rollback(String name);

  /**
   * Runs the next background migration that needs a run, on the calling thread, until it completes,
   * fails, is paused or {@code stopping} says so (checked between batches). A migration another
   * instance is running is left to it; one whose instance died is carried on from its checkpoint.
   * Applies everything as soon as it may: {@link #runNext(BooleanSupplier, RunRules)} with {@link
   * RunRules#APPLY_ALL}.
   *
   * @param stopping whether this instance is stopping, asked between batches
   * @return the status it ended with, or empty when none needed a run
   * @throws MigrationFailedException when it failed (recorded as FAILED)
   */
  default Optional<MigrationStatus> runNext(BooleanSupplier stopping) {
    return runNext(stopping, RunRules.APPLY_ALL);
  }

  /**
   * Like {@link #runNext(BooleanSupplier)}, under the application's run rules: during a dry run or
   * where migrations are not applied automatically it writes nothing at all; it never applies a
   * migration above the target version, nor one while a regular migration below it is not applied.
   * A rollback an operator asked for by name is carried out whatever the target.
   *
   * @param stopping whether this instance is stopping, asked between batches
   * @param rules the rules to run under, asked on every call
   * @return the status it ended with, or empty when none needed (or was allowed) a run
   * @throws MigrationFailedException when it failed (recorded as FAILED)
   */
  Optional<MigrationStatus> runNext(BooleanSupplier stopping, RunRules rules);

  /**
   * Starts this instance's worker: one daemon thread that runs background migrations one at a time
   * and looks for new work every {@code pollInterval}.
   *
   * @param pollInterval how long the worker waits when there is nothing to do
   * @return the worker; close it to stop it between two batches
   */
  default BackgroundWorker start(Duration pollInterval) {
    return start(pollInterval, RunRules.APPLY_ALL);
  }

  /**
   * Like {@link #start(Duration)}, with every round under the application's run rules.
   *
   * @param pollInterval how long the worker waits when there is nothing to do
   * @param rules the rules every round asks
   * @return the worker; close it to stop it between two batches
   */
  default BackgroundWorker start(Duration pollInterval, RunRules rules) {
    return BackgroundWorker.start(this, pollInterval, rules);
  }
}
