package com.lms.migrations;

import com.lms.migrations.BackgroundControlStore.Control;
import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundMigrations;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.deploy.ContractWait;
import com.lms.migrations.deploy.Instances;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's {@link BackgroundMigrations}, over the registry, the store and the lock. */
final class EngineBackgroundMigrations implements BackgroundMigrations {

  private static final Logger log = LoggerFactory.getLogger(BackgroundMigrations.class);

  private final Instances instances;
  private final MigrationRegistry registry;
  private final MigrationStore store;
  private final BackgroundControlStore controls;
  private final MigrationLock lock;
  private final InterruptedRuns interrupted;
  private final MigrationExecutor executor;
  private final RunnerIdentity worker;
  private final Clock clock;
  private final ValidationPolicy validationPolicy;

  EngineBackgroundMigrations(
      MigrationRegistry registry,
      MigrationStore store,
      BackgroundControlStore controls,
      MigrationLock lock,
      InterruptedRuns interrupted,
      MigrationExecutor executor,
      RunnerIdentity worker,
      Clock clock,
      ValidationPolicy validationPolicy,
      Instances instances) {
    this.instances = instances;
    this.registry = registry;
    this.store = store;
    this.controls = controls;
    this.lock = lock;
    this.interrupted = interrupted;
    this.executor = executor;
    this.worker = worker;
    this.clock = clock;
    this.validationPolicy = validationPolicy;
  }

  @Override
  public List<BackgroundProgress> progress() {
    return progress(store.findAll());
  }

  @Override
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

  @Override
  public BackgroundProgress pause(String name) {
    requireBackground(name);
    controls.setPaused(name, true);
    log.info("Paused background migration '{}'", name);
    return progress(name);
  }

  @Override
  public BackgroundProgress resume(String name) {
    requireBackground(name);
    StoredMigration stored = store.find(name).orElse(null);
    boolean failed = stored != null && stored.state() == MigrationState.FAILED;
    boolean rollingBack = failed && stored.lastDirection() == Direction.DOWN;
    if (rollingBack) {
      controls.requestRetryOfRollback(name);
    } else if (failed) {
      controls.requestRetry(name);
    } else {
      controls.setPaused(name, false);
    }
    log.info(
        "Resumed background migration '{}'{}",
        name,
        rollingBack
            ? " (carrying on its failed rollback)"
            : failed ? " (retry after failure)" : "");
    return progress(name);
  }

  @Override
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

  @Override
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
    if (controls.find(name).paused()) {
      log.info(
          "Queued the rollback of background migration '{}'; it is paused, so the rollback waits"
              + " until it is resumed",
          name);
    } else {
      log.info("Queued the rollback of background migration '{}'", name);
    }
    return progress(name);
  }

  /** Keeps a background migration that was rolled back from being applied again at once. */
  void rolledBack(String name) {
    controls.rolledBack(name);
  }

  /**
   * A migration applied or rolled back by hand, by name: that later action replaces a rollback an
   * operator queued before.
   */
  void markedByHand(String name) {
    if (controls.find(name).rollback()) {
      controls.clearRollback(name);
    }
  }

  /** Keeps a queued background migration from being applied (a rollback to below it). */
  void hold(String name) {
    controls.setPaused(name, true);
  }

  @Override
  public Optional<MigrationStatus> runNext(BooleanSupplier stopping, RunRules rules) {
    if (rules.whyNothingRuns() != null) {
      return Optional.empty();
    }
    Map<String, StoredMigration> stored = store.findAll();
    Map<String, Control> all = controls.findAll();
    MigrationPlanner planner = new MigrationPlanner(registry.all(), stored);
    Boolean historyValid = null;
    for (Migration migration : registry.background()) {
      if (stopping.getAsBoolean()) {
        break;
      }
      String name = migration.name();
      Control control = all.getOrDefault(name, Control.none(name));
      if (!mayNeedRun(migration, stored.get(name), control, planner, rules)) {
        continue;
      }
      if (!control.rollback()) {
        if (historyValid == null) {
          historyValid = historyValid(stored); // once per round, and only when it matters
        }
        if (!historyValid) {
          return Optional.empty();
        }
      }
      Optional<Lease> lease = lock.forBackground(name, worker).tryAcquire();
      if (lease.isEmpty()) {
        continue; // another instance runs it
      }
      try (Lease held = lease.get()) {
        Optional<MigrationStatus> ran = runHeld(migration, held, stopping, rules);
        if (ran.isPresent()) {
          return ran;
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the code agrees with the history: a worker applies nothing on a history it refutes. */
  private boolean historyValid(Map<String, StoredMigration> stored) {
    ValidationResult validation =
        MigrationValidator.validate(registry.all(), stored, validationPolicy);
    if (!validation.isValid()) {
      log.debug("Background migrations wait: the history does not match the code ({})", validation);
    }
    return validation.isValid();
  }

  /**
   * Runs what the migration needs while its lease is held, deciding again from the state read under
   * the lease: a requested rollback, or the rest of its {@code up}.
   */
  private Optional<MigrationStatus> runHeld(
      Migration migration, Lease lease, BooleanSupplier stopping, RunRules rules) {
    String name = migration.name();
    Control control = controls.find(name);
    if (control.paused()) {
      return Optional.empty(); // a pause holds everything, a queued rollback too
    }
    // One read under the lease serves this migration's state and the rules' lower versions.
    Map<String, StoredMigration> all = store.findAll();
    StoredMigration stored = all.get(name);
    boolean carriedOn = false;
    if (stored != null && stored.state() == MigrationState.RUNNING) {
      // We hold its lease, so whoever marked it running is gone: carry on from its checkpoint.
      interrupted.recover(stored, lease);
      all = store.findAll();
      stored = all.get(name);
      carriedOn = true;
      log.info("Carrying on background migration '{}' from its last checkpoint", name);
    }
    if (control.rollback()) {
      return rollBackHeld(migration, lease, stored, carriedOn);
    }
    if (stored != null && stored.state() == MigrationState.FAILED && !carriedOn) {
      if (!controls.takeRetry(name)) {
        return Optional.empty();
      }
    }
    if (stored != null && stored.state() == MigrationState.COMPLETED) {
      return Optional.empty();
    }
    String notNow = new MigrationPlanner(registry.all(), all).whyNotInBackground(migration, rules);
    if (notNow == null) {
      ContractWait waiting = ContractGate.of(List.of(migration), instances::live).waiting();
      notNow = waiting == null ? null : waiting.describe();
    }
    if (notNow != null) {
      log.debug("Background migration '{}' is not run now: {}", name, notNow);
      return Optional.empty();
    }
    log.info("Running background migration '{}' (version {})", name, migration.version());
    MigrationExecution execution = execute(migration, Direction.UP, stored, lease, stopping);
    if (execution.outcome() == MigrationState.PENDING) {
      // Stopped between batches: a rollback asked for meanwhile runs now, from where it stopped.
      Control now = controls.find(name);
      if (now.rollback() && !now.paused()) {
        return rollBackHeld(migration, lease, store.find(name).orElse(null), false);
      }
    }
    return Optional.of(execution.toStatus());
  }

  /**
   * Runs a requested rollback to its end, carrying on one a dead worker left. A rollback that
   * failed before waits for an operator's resume (a retry), then carries on from its checkpoint.
   */
  private Optional<MigrationStatus> rollBackHeld(
      Migration migration, Lease lease, @Nullable StoredMigration stored, boolean carriedOn) {
    String name = migration.name();
    if (stored == null || !stored.canRollBack()) {
      controls.clearRollback(name);
      return Optional.empty();
    }
    if (stored.state() == MigrationState.FAILED
        && stored.lastDirection() == Direction.DOWN
        && !carriedOn
        && !controls.takeRetry(name)) {
      return Optional.empty(); // its rollback failed: an operator resumes it once it is fixed
    }
    log.info("Rolling back background migration '{}' (version {})", name, migration.version());
    MigrationExecution execution = execute(migration, Direction.DOWN, stored, lease, () -> false);
    controls.rolledBack(name);
    return Optional.of(execution.toStatus());
  }

  /**
   * Runs one direction under the held lease with a background run's controls: an {@code up} stops
   * between batches when asked to, a rollback runs to its end (stopped half way, it would look
   * rolled back).
   */
  private MigrationExecution execute(
      Migration migration,
      Direction direction,
      @Nullable StoredMigration stored,
      Lease lease,
      BooleanSupplier stopping) {
    boolean up = direction == Direction.UP;
    return executor.run(
        migration,
        direction,
        stored,
        lease,
        null,
        runId ->
            new BackgroundRunControl(
                migration.name(),
                runId,
                controls,
                up ? stopping : () -> false,
                System::nanoTime,
                clock,
                worker,
                up));
  }

  /**
   * Whether a migration may need a run, from the round's one read: a pause holds everything; a
   * requested rollback needs something to roll back (and, once failed, an operator's retry); an
   * {@code up} must be allowed by the rules.
   */
  private static boolean mayNeedRun(
      Migration migration,
      @Nullable StoredMigration stored,
      Control control,
      MigrationPlanner planner,
      RunRules rules) {
    if (control.paused()) {
      return false;
    }
    if (control.rollback()) {
      if (stored == null) {
        return false;
      }
      return stored.state() != MigrationState.FAILED
          || stored.lastDirection() != Direction.DOWN
          || control.retry();
    }
    MigrationState state = stored == null ? MigrationState.PENDING : stored.state();
    if (state == MigrationState.COMPLETED || (state == MigrationState.FAILED && !control.retry())) {
      return false;
    }
    // PENDING, a retried FAILED, or RUNNING (its holder may be dead: only its lease tells).
    return planner.whyNotInBackground(migration, rules) == null;
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
