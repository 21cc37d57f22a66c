package com.lms.migrations;

import com.lms.migrations.BackgroundControlStore.Control;
import com.lms.migrations.MigrationLock.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@linkplain BackgroundMigration background migrations} of a runner: their progress, the
 * operator's controls, and the work itself ({@link #start(Duration)} starts this instance's
 * worker). Get it from {@link MigrationRunner#background()}.
 *
 * <p>Pause, resume and throttle are recorded in the database, so they reach whichever instance runs
 * the migration, and they survive restarts.
 */
public final class BackgroundMigrations {

  private static final Logger log = LoggerFactory.getLogger(BackgroundMigrations.class);

  private final MigrationRegistry registry;
  private final MigrationStore store;
  private final BackgroundControlStore controls;
  private final MigrationLock lock;
  private final InterruptedRuns interrupted;
  private final MigrationExecutor executor;
  private final RunnerIdentity worker;
  private final Clock clock;

  BackgroundMigrations(
      MigrationRegistry registry,
      MigrationStore store,
      BackgroundControlStore controls,
      MigrationLock lock,
      InterruptedRuns interrupted,
      MigrationExecutor executor,
      RunnerIdentity worker,
      Clock clock) {
    this.registry = registry;
    this.store = store;
    this.controls = controls;
    this.lock = lock;
    this.interrupted = interrupted;
    this.executor = executor;
    this.worker = worker;
    this.clock = clock;
  }

  /**
   * The progress of every registered background migration, from one read of the statuses and one of
   * the progress records.
   *
   * @return one entry per background migration, lowest version first
   */
  public List<BackgroundProgress> progress() {
    return progress(store.findAll());
  }

  /**
   * The progress of one background migration.
   *
   * @param name its name
   * @return its progress
   * @throws UnknownMigrationException when no migration has this name
   * @throws IllegalArgumentException when the migration is not a background migration
   */
  public BackgroundProgress progress(String name) {
    Migration migration = requireBackground(name);
    return progressOf(migration, store.find(name).orElse(null), controls.find(name));
  }

  List<BackgroundProgress> progress(Map<String, StoredMigration> stored) {
    List<Migration> background = registry.background();
    if (background.isEmpty()) {
      return List.of();
    }
    Map<String, Control> all = controls.findAll();
    return background.stream()
        .map(
            migration ->
                progressOf(
                    migration,
                    stored.get(migration.name()),
                    all.getOrDefault(migration.name(), Control.none(migration.name()))))
        .toList();
  }

  /**
   * Pauses a background migration: a running one stops after its current batch (recorded as
   * PENDING, checkpoints kept), a queued one is not started.
   *
   * @param name its name
   * @return its progress now
   */
  public BackgroundProgress pause(String name) {
    requireBackground(name);
    controls.setPaused(name, true);
    log.info("Paused background migration '{}'", name);
    return progress(name);
  }

  /**
   * Resumes a paused background migration, or retries a failed one from its last checkpoint (fix
   * the data or the code first): a worker takes it up within its poll interval.
   *
   * @param name its name
   * @return its progress now
   */
  public BackgroundProgress resume(String name) {
    requireBackground(name);
    boolean failed =
        store.find(name).map(stored -> stored.state() == MigrationState.FAILED).orElse(false);
    if (failed) {
      controls.requestRetry(name);
    } else {
      controls.setPaused(name, false);
    }
    log.info("Resumed background migration '{}'{}", name, failed ? " (retry after failure)" : "");
    return progress(name);
  }

  /**
   * Limits the rate of a background migration's batch jobs from their next batch on, whichever
   * instance runs it, over the limit the code set.
   *
   * @param name its name
   * @param maxPerSecond the most documents per second, or 0 to go back to the code's own limit
   * @return its progress now
   */
  public BackgroundProgress throttle(String name, long maxPerSecond) {
    if (maxPerSecond < 0) {
      throw new IllegalArgumentException(
          "max documents per second must not be negative but was " + maxPerSecond);
    }
    requireBackground(name);
    controls.setMaxPerSecond(name, maxPerSecond);
    log.info(
        "Throttled background migration '{}' to {}",
        name,
        maxPerSecond == 0 ? "its own limit" : maxPerSecond + " documents per second");
    return progress(name);
  }

  /**
   * Asks a worker to roll a background migration back in the background: for a large one whose
   * {@code down} should not hold a request or a deploy. A worker takes it up within its poll
   * interval and runs {@code down} to its end (a rollback is not stopped by pause or shutdown; when
   * its instance dies, another one carries it on from its checkpoint). Once rolled back, it stays
   * paused, so no worker applies it again until it is resumed. {@link MigrationRunner#down(String)}
   * rolls it back in the foreground instead.
   *
   * @param name its name
   * @return its progress now
   * @throws MigrationNotAppliedException when it has nothing to roll back
   */
  public BackgroundProgress rollback(String name) {
    requireBackground(name);
    StoredMigration stored = store.find(name).orElse(null);
    boolean applied =
        stored != null && (stored.canRollBack() || stored.state() == MigrationState.RUNNING);
    if (!applied) {
      throw new MigrationNotAppliedException(
          name, stored == null ? MigrationState.PENDING : stored.state());
    }
    controls.requestRollback(name);
    log.info("Queued the rollback of background migration '{}'", name);
    return progress(name);
  }

  /** Keeps a background migration that was rolled back from being applied again at once. */
  void rolledBack(String name) {
    controls.rolledBack(name);
  }

  /**
   * Runs the next background migration that needs a run, on the calling thread, until it completes,
   * fails, is paused or {@code stopping} says so (checked between batches). A migration another
   * instance is running is left to it; one whose instance died is carried on from its checkpoint.
   *
   * @param stopping whether this instance is stopping, asked between batches
   * @return the status it ended with, or empty when none needed a run
   * @throws MigrationFailedException when it failed (recorded as FAILED)
   */
  public Optional<MigrationStatus> runNext(BooleanSupplier stopping) {
    Map<String, StoredMigration> stored = store.findAll();
    Map<String, Control> all = controls.findAll();
    for (Migration migration : registry.background()) {
      if (stopping.getAsBoolean()) {
        break;
      }
      String name = migration.name();
      Control control = all.getOrDefault(name, Control.none(name));
      if (!mayNeedRun(stored.get(name), control)) {
        continue;
      }
      Optional<Lease> lease = lock.forBackground(name, worker).tryAcquire();
      if (lease.isEmpty()) {
        continue; // another instance runs it
      }
      try (Lease held = lease.get()) {
        Optional<MigrationStatus> ran = runHeld(migration, held, stopping);
        if (ran.isPresent()) {
          return ran;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts this instance's worker: one daemon thread that runs background migrations one at a time
   * and looks for new work every {@code pollInterval}.
   *
   * @param pollInterval how long the worker waits when there is nothing to do
   * @return the worker; close it to stop it between two batches
   */
  public BackgroundWorker start(Duration pollInterval) {
    return BackgroundWorker.start(this, pollInterval);
  }

  private Optional<MigrationStatus> runHeld(
      Migration migration, Lease lease, BooleanSupplier stopping) {
    String name = migration.name();
    if (controls.find(name).rollback()) {
      return rollBackHeld(migration, lease);
    }
    StoredMigration stored = store.find(name).orElse(null);
    if (stored != null && stored.state() == MigrationState.RUNNING) {
      // We hold its lease, so whoever marked it running is gone: carry on from its checkpoint.
      interrupted.recover(stored, lease);
      stored = store.find(name).orElse(null);
      log.info("Carrying on background migration '{}' from its last checkpoint", name);
    } else if (stored != null && stored.state() == MigrationState.FAILED) {
      if (!controls.takeRetry(name)) {
        return Optional.empty();
      }
    }
    Control control = controls.find(name);
    if (stored != null && stored.state() == MigrationState.COMPLETED || control.paused()) {
      return Optional.empty();
    }
    log.info("Running background migration '{}' (version {})", name, migration.version());
    MigrationExecution execution =
        executor.run(
            migration,
            Direction.UP,
            stored,
            lease,
            null,
            runId ->
                new BackgroundRunControl(
                    name, runId, controls, stopping, System::nanoTime, clock, worker.host(), true));
    return Optional.of(execution.toStatus());
  }

  /** Runs a requested rollback to its end, carrying on one a dead worker left. */
  private Optional<MigrationStatus> rollBackHeld(Migration migration, Lease lease) {
    String name = migration.name();
    StoredMigration stored = store.find(name).orElse(null);
    if (stored != null && stored.state() == MigrationState.RUNNING) {
      interrupted.recover(stored, lease);
      stored = store.find(name).orElse(null);
    }
    if (stored == null || !stored.canRollBack()) {
      controls.clearRollback(name);
      return Optional.empty();
    }
    log.info("Rolling back background migration '{}' (version {})", name, migration.version());
    MigrationExecution execution;
    try {
      execution =
          executor.run(
              migration,
              Direction.DOWN,
              stored,
              lease,
              null,
              runId ->
                  new BackgroundRunControl(
                      name,
                      runId,
                      controls,
                      () -> false,
                      System::nanoTime,
                      clock,
                      worker.host(),
                      false));
    } catch (MigrationFailedException e) {
      if (e.isOutcomeRecorded()) {
        controls.clearRollback(name); // recorded FAILED: an operator asks again once it is fixed
      }
      throw e;
    }
    controls.rolledBack(name);
    return Optional.of(execution.toStatus());
  }

  private static boolean mayNeedRun(@Nullable StoredMigration stored, Control control) {
    if (control.rollback()) {
      return stored != null;
    }
    MigrationState state = stored == null ? MigrationState.PENDING : stored.state();
    return switch (state) {
      case PENDING -> !control.paused();
      case RUNNING -> true; // its holder may be dead: only taking its lease tells
      case FAILED -> control.retry();
      case COMPLETED -> false;
    };
  }

  private BackgroundProgress progressOf(
      Migration migration, @Nullable StoredMigration stored, Control control) {
    MigrationStatus status = StoredMigration.statusOf(migration, stored);
    String run =
        stored == null
            ? null
            : stored.running() != null ? stored.running().runId() : stored.runId();
    Optional<Control> progress = control.progressOf(run);
    BackgroundState state =
        switch (status.status()) {
          case COMPLETED -> BackgroundState.COMPLETED;
          case FAILED -> control.retry() ? BackgroundState.QUEUED : BackgroundState.FAILED;
          case RUNNING -> BackgroundState.RUNNING;
          case PENDING -> control.paused() ? BackgroundState.PAUSED : BackgroundState.QUEUED;
        };
    return new BackgroundProgress(
        migration.name(),
        migration.version(),
        state,
        status,
        progress.map(Control::job).orElse(null),
        progress.map(Control::processed).orElse(0L),
        progress.map(Control::total).orElse(null),
        progress.map(Control::documentsPerSecond).orElse(0.0),
        control.maxPerSecond(),
        stored != null && stored.running() != null ? stored.running().host() : null,
        progress.map(Control::updatedAt).orElse(null));
  }

  private Migration requireBackground(String name) {
    Migration migration = registry.require(name);
    if (!(migration instanceof BackgroundMigration)) {
      throw new IllegalArgumentException(
          "Migration '"
              + name
              + "' is not a background migration; only a BackgroundMigration can be paused,"
              + " resumed or throttled");
    }
    return migration;
  }
}
