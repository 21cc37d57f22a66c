package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Applies, records and rolls back migrations. State lives in MongoDB, so every runner on the same
 * database, in any process, sees the same truth; a lease lock makes sure only one of them changes
 * anything at a time.
 *
 * <pre>{@code
 * MigrationRunner runner = new MigrationRunner(mongoTemplate);
 * runner.register(new AddCourseTags());
 * runner.upAll();
 * }</pre>
 *
 * <p>Thread-safe. Calls that change nothing (everything already applied) read the status collection
 * once and write nothing.
 */
public class MigrationRunner {

  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

  private final MigrationSettings settings;
  private final MigrationRegistry registry = new MigrationRegistry();
  private final MigrationStore store;
  private final MigrationLogStore logs;
  private final MigrationLock lock;
  private final ServerInfo server;
  private final MigrationExecutor executor;
  private final Clock clock;
  private final RunnerIdentity me = RunnerIdentity.ofThisProcess();
  private final MigrationListeners listeners = new MigrationListeners();
  private final BatchCheckpointStore checkpoints;
  private final ReentrantLock runLock = new ReentrantLock();
  private final ValidationPolicy validationPolicy;

  /**
   * A runner with the {@linkplain MigrationSettings#defaults() default settings}.
   *
   * @param mongoTemplate the template migrations use; its database holds the history
   */
  public MigrationRunner(MongoTemplate mongoTemplate) {
    this(mongoTemplate, MigrationSettings.defaults());
  }

  /**
   * A runner with the given settings.
   *
   * @param mongoTemplate the template migrations use; its database holds the history
   * @param settings where state is kept and how the lock behaves
   */
  public MigrationRunner(MongoTemplate mongoTemplate, MigrationSettings settings) {
    this(mongoTemplate, settings, Clock.systemUTC(), List.of(), ValidationPolicy.strict());
  }

  private MigrationRunner(
      MongoTemplate mongoTemplate,
      MigrationSettings settings,
      Clock clock,
      List<MigrationListener> listeners,
      ValidationPolicy validationPolicy) {
    Objects.requireNonNull(mongoTemplate, "mongoTemplate must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.validationPolicy =
        Objects.requireNonNull(validationPolicy, "validationPolicy must not be null");
    this.clock = clock;
    listeners.forEach(this.listeners::add);
    MongoDatabase database = mongoTemplate.getMongoDatabaseFactory().getMongoDatabase();
    // Recording an outcome or releasing the lock is futile past a lease: bound them by it.
    LibraryCollections direct = new LibraryCollections(database, settings.lock().leaseTime());
    this.store =
        new MigrationStore(direct, mongoTemplate.getMongoDatabaseFactory(), settings.collection());
    this.checkpoints = new BatchCheckpointStore(direct, settings.collection());
    this.logs =
        new MigrationLogStore(
            direct, MigrationSettings.logCollection(settings.collection()), settings.logLimit());
    this.server = new ServerInfo(direct, clock);
    this.lock = new MigrationLock(direct, settings.lock(), me, server);
    MigrationTransactions transactions =
        new MigrationTransactions(
            settings.transactionMode(),
            server,
            mongoTemplate.getMongoDatabaseFactory(),
            settings.lock().leaseTime());
    this.executor =
        new MigrationExecutor(
            store,
            logs,
            mongoTemplate,
            database,
            transactions,
            me,
            clock,
            this.listeners,
            checkpoints);
  }

  /**
   * Starts building a runner with more options than the constructors offer.
   *
   * @param mongoTemplate the template migrations use
   * @return a builder
   */
  public static Builder builder(MongoTemplate mongoTemplate) {
    return new Builder(mongoTemplate);
  }

  /**
   * Adds a migration. Nothing is written to the database.
   *
   * @param migration the migration
   * @throws InvalidMigrationException when it is null or its name or version is not allowed
   * @throws DuplicateMigrationException when its name or version is already registered
   */
  public void register(Migration migration) {
    registry.register(migration);
  }

  /**
   * Adds a listener that hears about every migration run from now on.
   *
   * @param listener the listener
   */
  public void addListener(MigrationListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
  }

  /**
   * Applies every pending or failed migration in version order, stopping at the first failure.
   *
   * @return the status of each migration that ran, in order; empty when nothing was pending
   * @throws MigrationFailedException when one fails (it is recorded as FAILED, or, when the
   *     database could not be reached, {@link MigrationFailedException#isOutcomeRecorded()} is
   *     {@code false}; later ones stay PENDING)
   * @throws MigrationLockTimeoutException when another instance held the lock for too long
   * @throws MigrationRecordException when a migration could not be marked as running
   * @throws java.util.concurrent.CancellationException when the thread is interrupted between two
   *     migrations (the interrupt flag stays set)
   */
  public List<MigrationStatus> upAll() {
    return upTo(Integer.MAX_VALUE, null);
  }

  /**
   * Applies every pending or failed migration up to and including a version, in version order.
   *
   * @param targetVersion the highest version to apply
   * @return the status of each migration that ran, in order
   * @throws MigrationFailedException when one fails
   */
  public List<MigrationStatus> upTo(int targetVersion) {
    return upTo(targetVersion, null);
  }

  /**
   * Like {@link #upTo(int)}, recording who asked for it in the history.
   *
   * @param targetVersion the highest version to apply
   * @param principal who asked, or {@code null}
   * @return the status of each migration that ran, in order
   */
  public List<MigrationStatus> upTo(int targetVersion, String principal) {
    requireVersion(targetVersion, "apply up to");
    return runAll(Direction.UP, stored -> toApply(stored, targetVersion), principal);
  }

  /**
   * Applies one migration, whatever its version. A migration that is already applied is left alone.
   *
   * @param name the migration's name
   * @return its status afterwards
   * @throws UnknownMigrationException when no migration has this name
   * @throws MigrationFailedException when it fails
   */
  public MigrationStatus up(String name) {
    return up(name, null);
  }

  /**
   * Like {@link #up(String)}, recording who asked for it in the history.
   *
   * @param name the migration's name
   * @param principal who asked, or {@code null}
   * @return its status afterwards
   */
  public MigrationStatus up(String name, String principal) {
    Migration migration = registry.require(name);
    return inRun(
        () -> {
          if (isApplied(name)) {
            log.debug("Migration '{}' is already applied", name);
            return requireStatus(migration);
          }
          try (Lease lease = lock.acquire()) {
            StoredMigration stored = recoverInterrupted(lease).get(name);
            if (stored == null || stored.needsUp()) {
              executor.run(migration, Direction.UP, stored, lease, principal);
              log.info("Applied migration '{}' (version {})", name, migration.version());
            }
          }
          return statusAfterRun(migration);
        });
  }

  /**
   * Rolls one migration back with its {@link Migration#down}; it becomes PENDING. A migration that
   * FAILED (while applying or rolling back) may have left partial changes, so it can be rolled back
   * too: that is how its partial changes are cleaned up before it is fixed and applied again.
   *
   * @param name the migration's name
   * @return its status afterwards
   * @throws UnknownMigrationException when no migration has this name
   * @throws MigrationNotAppliedException when it is PENDING (never applied) or RUNNING
   * @throws MigrationFailedException when its {@code down} fails
   */
  public MigrationStatus down(String name) {
    return down(name, null);
  }

  /**
   * Like {@link #down(String)}, recording who asked for it in the history.
   *
   * @param name the migration's name
   * @param principal who asked, or {@code null}
   * @return its status afterwards
   */
  public MigrationStatus down(String name, String principal) {
    Migration migration = registry.require(name);
    return inRun(
        () -> {
          // RUNNING may be a dead runner's mark: decide once it is recovered, under the lock.
          StoredMigration before = store.find(name).orElse(null);
          if (before == null || before.state() == MigrationState.PENDING) {
            throw new MigrationNotAppliedException(name, MigrationState.PENDING);
          }
          if (before.state() == MigrationState.RUNNING && getLockHolder().isPresent()) {
            // A live instance is running it; only a dead runner's mark is recovered and rolled
            // back.
            throw new MigrationNotAppliedException(name, MigrationState.RUNNING);
          }
          try (Lease lease = lock.acquire()) {
            StoredMigration stored = recoverInterrupted(lease).get(name);
            requireCanRollBack(name, stored);
            executor.run(migration, Direction.DOWN, stored, lease, principal);
            log.info("Rolled back migration '{}' (version {})", name, migration.version());
          }
          return statusAfterRun(migration);
        });
  }

  /**
   * The same as {@link #down(String)}.
   *
   * @param name the migration's name
   * @return its status afterwards
   */
  public MigrationStatus rollback(String name) {
    return down(name);
  }

  /**
   * Rolls back every applied migration with a version above the given one, newest first, stopping
   * at the first failure.
   *
   * @param version the version to return to; 0 rolls back everything
   * @return the status of each migration that was rolled back, in order
   * @throws MigrationFailedException when a {@code down} fails
   */
  public List<MigrationStatus> rollbackTo(int version) {
    return rollbackTo(version, null);
  }

  /**
   * Like {@link #rollbackTo(int)}, recording who asked for it in the history.
   *
   * @param version the version to return to
   * @param principal who asked, or {@code null}
   * @return the status of each migration that was rolled back, in order
   */
  public List<MigrationStatus> rollbackTo(int version, String principal) {
    requireVersion(version, "roll back to");
    warnAboutUnregistered(version);
    return runAll(Direction.DOWN, stored -> toRollBack(stored, version), principal);
  }

  /**
   * Compares the registered migrations with the recorded history, using the runner's {@link
   * ValidationPolicy}. Reads only.
   *
   * @return the errors (missing, renamed, renumbered or late migrations) and warnings (gaps)
   */
  public ValidationResult validate() {
    return validate(validationPolicy);
  }

  /**
   * Compares the registered migrations with the recorded history. Reads only.
   *
   * @param policy what to tolerate
   * @return the errors and warnings
   */
  public ValidationResult validate(ValidationPolicy policy) {
    return MigrationValidator.validate(registry.all(), store.findAll(), policy);
  }

  /**
   * What {@link #upAll()} would do now, in order. Reads only.
   *
   * @return the migrations it would apply
   */
  public List<PlannedMigration> plan() {
    return plan(Integer.MAX_VALUE);
  }

  /**
   * What {@link #upTo(int)} would do now, in order. Reads only.
   *
   * @param targetVersion the highest version to apply
   * @return the migrations it would apply
   */
  public List<PlannedMigration> plan(int targetVersion) {
    requireVersion(targetVersion, "plan up to");
    return toApply(store.findAll(), targetVersion).stream()
        .map(migration -> PlannedMigration.of(migration, Direction.UP))
        .toList();
  }

  /**
   * What {@link #rollbackTo(int)} would do now, in order. Reads only.
   *
   * @param version the version to return to
   * @return the migrations it would roll back
   */
  public List<PlannedMigration> planRollbackTo(int version) {
    requireVersion(version, "plan a rollback to");
    return toRollBack(store.findAll(), version).stream()
        .map(migration -> PlannedMigration.of(migration, Direction.DOWN))
        .toList();
  }

  /**
   * Whether the database has any migration history. Reads only.
   *
   * @return {@code false} on a database where no migration was ever recorded
   */
  public boolean hasHistory() {
    return !store.isEmpty();
  }

  /**
   * Adopts lms-migrations on an existing database: records every registered migration up to a
   * version as applied, without running it. Only allowed while there is no history at all.
   *
   * @param version the highest version the database already has
   * @param principal who asked, or {@code null}
   * @return the statuses recorded
   * @throws BaselineNotAllowedException when the database already has migration history
   */
  public List<MigrationStatus> baseline(int version, String principal) {
    requireVersion(version, "baseline at");
    return inRun(
        () -> {
          if (!store.isEmpty()) {
            throw new BaselineNotAllowedException(settings.collection());
          }
          List<MigrationStatus> recorded = new ArrayList<>();
          try (Lease lease = lock.acquire()) {
            if (!store.isEmpty()) {
              throw new BaselineNotAllowedException(settings.collection());
            }
            for (Migration migration : registry.all()) {
              if (migration.version() <= version) {
                lease.ensureRecentlyHeld("before recording the baseline");
                recorded.add(record(migration, MigrationState.COMPLETED, "BASELINE", principal));
              }
            }
          }
          log.info("Baselined {} migrations at version {}", recorded.size(), version);
          return List.copyOf(recorded);
        });
  }

  /**
   * Records a migration as applied without running it, for example after applying its change by
   * hand. Recorded in the history as {@code MARK_APPLIED}; a migration that is already applied is
   * left alone, with nothing recorded.
   *
   * @param name the migration's name
   * @param principal who asked, or {@code null}
   * @return its status afterwards
   */
  public MigrationStatus markApplied(String name, String principal) {
    return repair(name, MigrationState.COMPLETED, "MARK_APPLIED", principal);
  }

  /**
   * Records a migration as pending without running its {@code down}, for example after undoing it
   * by hand. Its batch checkpoints are cleared. Recorded in the history as {@code MARK_PENDING}; a
   * migration that is already pending is left alone, with nothing recorded.
   *
   * @param name the migration's name
   * @param principal who asked, or {@code null}
   * @return its status afterwards
   */
  public MigrationStatus markPending(String name, String principal) {
    return repair(name, MigrationState.PENDING, "MARK_PENDING", principal);
  }

  private MigrationStatus repair(
      String name, MigrationState state, String action, String principal) {
    Migration migration = registry.require(name);
    return inRun(
        () -> {
          if (isAlready(name, store.find(name).orElse(null), state)) {
            return requireStatus(migration);
          }
          try (Lease lease = lock.acquire()) {
            if (isAlready(name, recoverInterrupted(lease).get(name), state)) {
              return requireStatus(migration);
            }
            lease.ensureRecentlyHeld("before marking migration '" + name + "'");
            MigrationStatus status = record(migration, state, action, principal);
            log.info("Marked migration '{}' as {} without running it", name, state);
            return status;
          }
        });
  }

  private MigrationStatus record(
      Migration migration, MigrationState state, String action, String principal) {
    Direction direction = state == MigrationState.PENDING ? Direction.DOWN : Direction.UP;
    checkpoints.clearAll(migration.name());
    store.record(
        migration,
        state,
        new MigrationStore.Execution(
            direction, state, clock.instant(), 0, null, me, principal, action, null));
    return requireStatus(migration);
  }

  /**
   * The recorded status of a registered migration.
   *
   * @param name the migration's name
   * @return its status (PENDING if it never ran), or empty when no migration has this name
   */
  public Optional<MigrationStatus> getStatus(String name) {
    return registry.find(name).map(this::requireStatus);
  }

  /**
   * The status of every registered migration, lowest version first. One read of the database.
   *
   * @return the statuses
   */
  public List<MigrationStatus> getStatuses() {
    Map<String, StoredMigration> stored = store.findAll();
    return registry.all().stream().map(migration -> statusOf(migration, stored)).toList();
  }

  /**
   * The stored log lines of a migration, oldest first (at most the configured limit, the newest).
   *
   * @param name the migration's name
   * @return its log lines; empty if it never logged
   * @throws UnknownMigrationException when no migration has this name
   */
  public List<MigrationLogEntry> getLogs(String name) {
    registry.require(name);
    return logs.find(name);
  }

  /**
   * Every action recorded on a migration, oldest first.
   *
   * @param name the migration's name
   * @return its history; empty if it never ran
   * @throws UnknownMigrationException when no migration has this name
   */
  public List<MigrationHistoryEntry> getHistory(String name) {
    registry.require(name);
    return store.history(name);
  }

  /**
   * Every registered migration.
   *
   * @return the migrations, lowest version first
   */
  public List<Migration> getMigrations() {
    return registry.all();
  }

  /**
   * The highest applied version.
   *
   * @return the version, 0 when nothing is applied
   */
  public int getCurrentVersion() {
    return currentVersion(store.findAll());
  }

  /**
   * Who holds the migration lock right now.
   *
   * @return the holder, or empty when the lock is free (or expired)
   */
  public Optional<LockHolder> getLockHolder() {
    server.refresh();
    return lock.holder();
  }

  /**
   * The settings this runner was built with.
   *
   * @return the settings
   */
  public MigrationSettings getSettings() {
    return settings;
  }

  /**
   * Runs the selected migrations in one direction: reads the history without the lock, stops if
   * there is nothing to do, else takes the lock, reads again and runs, stopping at the first
   * failure. Listeners hear how the call ended, whatever the outcome.
   */
  private List<MigrationStatus> runAll(
      Direction direction,
      Function<Map<String, StoredMigration>, List<Migration>> select,
      String principal) {
    return inRun(
        () -> {
          long start = System.nanoTime();
          List<MigrationExecution> executions = new ArrayList<>();
          Map<String, StoredMigration> stored = Map.of();
          try {
            stored = store.findAll();
            if (!select.apply(stored).isEmpty()) {
              try (Lease lease = lock.acquire()) {
                stored = recoverInterrupted(lease);
                for (Migration migration : select.apply(stored)) {
                  stopIfInterrupted(migration, executions);
                  executions.add(
                      executor.run(
                          migration, direction, stored.get(migration.name()), lease, principal));
                }
              }
              stored = null; // changed: read again for the summary
            }
          } catch (MigrationFailedException e) {
            executions.add(e.getExecution());
            // Read the state again unless the database could not even record the outcome.
            finishRun(
                direction,
                executions,
                start,
                e.isOutcomeRecorded() ? null : withOutcomes(stored, executions),
                e);
            throw e;
          } catch (RuntimeException | Error e) {
            // Read the state again when something ran before the failure.
            finishRun(direction, executions, start, executions.isEmpty() ? stored : null, e);
            throw e;
          }
          finishRun(direction, executions, start, stored, null);
          return executions.stream().map(MigrationExecution::toStatus).toList();
        });
  }

  /** The state as read before the run, with what the run did (when it cannot be read again). */
  private static Map<String, StoredMigration> withOutcomes(
      Map<String, StoredMigration> before, List<MigrationExecution> executions) {
    Map<String, StoredMigration> after = new LinkedHashMap<>(before);
    for (MigrationExecution execution : executions) {
      StoredMigration old = before.get(execution.name());
      after.put(
          execution.name(),
          new StoredMigration(
              execution.name(),
              execution.version(),
              old == null ? "" : old.description(),
              execution.outcome(),
              execution.startedAt(),
              execution.duration().toMillis(),
              null,
              execution.direction(),
              null,
              null));
    }
    return after;
  }

  /** Stops between migrations once the thread is interrupted, rather than starting another. */
  private static void stopIfInterrupted(Migration next, List<MigrationExecution> executions) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException(
          "Interrupted after "
              + executions.size()
              + " migration"
              + (executions.size() == 1 ? "" : "s")
              + "; did not start migration '"
              + next.name()
              + "' or any after it");
    }
  }

  private <T> T inRun(Supplier<T> work) {
    if (runLock.isHeldByCurrentThread()) {
      // Re-entering would take the lock as its own holder and release it underneath the outer run.
      throw new IllegalStateException(
          "A migration or listener called the MigrationRunner that is running it; apply or roll"
              + " back migrations from outside a migration");
    }
    runLock.lock();
    try {
      return work.get();
    } finally {
      runLock.unlock();
    }
  }

  /**
   * Re-reads the state under the lock and turns migrations left running by dead runners into
   * failures.
   */
  private Map<String, StoredMigration> recoverInterrupted(Lease lease) {
    Map<String, StoredMigration> stored = store.findAll();
    boolean sawRunning = false;
    for (StoredMigration migration : stored.values()) {
      if (migration.state() == MigrationState.RUNNING && migration.running() != null) {
        // Read again afterwards even if this one finished meanwhile (its old holder recorded it
        // just before its lease ran out): the state read above is stale either way.
        sawRunning = true;
        lease.ensureHeld("before recovering interrupted migration '" + migration.name() + "'");
        boolean marked;
        try {
          marked = store.markInterrupted(migration, me, server.now());
        } catch (RuntimeException e) {
          throw new MigrationRecordException(migration.name(), "record as interrupted", e);
        }
        if (marked) {
          log.warn(
              "Migration '{}' was interrupted: it was left running by host {} (pid {}) since {}."
                  + " Recorded it as FAILED; check its data. {}",
              migration.name(),
              migration.running().host(),
              migration.running().pid(),
              migration.running().since(),
              MigrationStore.whatNext(migration.running().direction()));
        }
      }
    }
    return sawRunning ? store.findAll() : stored;
  }

  private List<Migration> toApply(Map<String, StoredMigration> stored, int targetVersion) {
    return registry.all().stream()
        .filter(migration -> migration.version() <= targetVersion)
        .filter(
            migration -> {
              StoredMigration state = stored.get(migration.name());
              return state == null || state.needsUp();
            })
        .toList();
  }

  private void warnAboutUnregistered(int version) {
    for (StoredMigration orphan : store.findAll().values()) {
      if (orphan.version() > version
          && orphan.isRollbackable()
          && registry.find(orphan.name()).isEmpty()) {
        log.warn(
            "Migration '{}' (version {}) is applied but no longer registered, so it cannot be"
                + " rolled back; restore its class to roll it back",
            orphan.name(),
            orphan.version());
      }
    }
  }

  private List<Migration> toRollBack(Map<String, StoredMigration> stored, int version) {
    return registry.all().stream()
        .filter(migration -> migration.version() > version)
        .filter(
            migration -> {
              StoredMigration state = stored.get(migration.name());
              return state != null && state.isRollbackable();
            })
        .sorted(Comparator.comparingInt(Migration::version).reversed())
        .toList();
  }

  /**
   * Logs one summary line and tells listeners how the call ended.
   *
   * @param known the state as last read, or {@code null} when it changed and must be read again
   * @param failure why the call failed, or {@code null}
   */
  private void finishRun(
      Direction direction,
      List<MigrationExecution> executions,
      long start,
      Map<String, StoredMigration> known,
      Throwable failure) {
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    Map<String, StoredMigration> stored = known == null ? readForSummary(failure) : known;
    int currentVersion = currentVersion(stored);
    int pending = toApply(stored, Integer.MAX_VALUE).size();
    MigrationRunSummary summary =
        new MigrationRunSummary(executions, duration, currentVersion, pending, failure);
    long succeeded = summary.completed().size();
    if (executions.isEmpty() && failure == null) {
      log.info(
          "Schema is up to date at version {}; no migration to {}",
          currentVersion,
          direction == Direction.UP ? "apply" : "roll back");
    } else {
      log.info(
          "{} {} migration{} in {} ms; schema now at version {}{}",
          direction == Direction.UP ? "Applied" : "Rolled back",
          succeeded,
          succeeded == 1 ? "" : "s",
          duration.toMillis(),
          currentVersion,
          failure == null ? "" : " (stopped: " + MigrationFailedException.describe(failure) + ")");
    }
    listeners.runFinished(summary);
  }

  /** The state after a run, for its summary; empty when the database cannot be read. */
  private Map<String, StoredMigration> readForSummary(Throwable failure) {
    InterruptFlag interrupt = new InterruptFlag().clear();
    try {
      return store.findAll();
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
      return Map.of();
    } finally {
      interrupt.restore();
    }
  }

  /** Whether a repair would change nothing; says so when it would not. */
  private static boolean isAlready(String name, StoredMigration stored, MigrationState state) {
    MigrationState current = stored == null ? MigrationState.PENDING : stored.state();
    if (current == state) {
      log.info("Migration '{}' is already {}; nothing recorded", name, state);
    }
    return current == state;
  }

  /** The status after a run, read even when the migration left the thread interrupted. */
  private MigrationStatus statusAfterRun(Migration migration) {
    InterruptFlag interrupt = new InterruptFlag().clear();
    try {
      return requireStatus(migration);
    } finally {
      interrupt.restore();
    }
  }

  private boolean isApplied(String name) {
    return store.find(name).map(stored -> !stored.needsUp()).orElse(false);
  }

  private MigrationStatus requireStatus(Migration migration) {
    return store
        .find(migration.name())
        .map(StoredMigration::toStatus)
        .orElseGet(() -> MigrationStatus.pending(migration.name(), migration.version()));
  }

  private static MigrationStatus statusOf(
      Migration migration, Map<String, StoredMigration> stored) {
    StoredMigration state = stored.get(migration.name());
    return state == null
        ? MigrationStatus.pending(migration.name(), migration.version())
        : state.toStatus();
  }

  private static void requireCanRollBack(String name, StoredMigration stored) {
    if (stored == null || !stored.canRollBack()) {
      throw new MigrationNotAppliedException(
          name, stored == null ? MigrationState.PENDING : stored.state());
    }
  }

  private static int currentVersion(Map<String, StoredMigration> stored) {
    return stored.values().stream()
        .filter(migration -> migration.state() == MigrationState.COMPLETED)
        .mapToInt(StoredMigration::version)
        .max()
        .orElse(0);
  }

  private static void requireVersion(int version, String action) {
    if (version < 0) {
      throw new IllegalArgumentException(
          "Cannot "
              + action
              + " version "
              + version
              + ": versions start at 1 (use 0 to mean before the first migration)");
    }
  }

  /** Builds a {@link MigrationRunner} with settings, a clock and listeners. */
  public static final class Builder {

    private final MongoTemplate mongoTemplate;
    private MigrationSettings settings = MigrationSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private final List<MigrationListener> listeners = new ArrayList<>();
    private ValidationPolicy validationPolicy = ValidationPolicy.strict();

    private Builder(MongoTemplate mongoTemplate) {
      this.mongoTemplate = mongoTemplate;
    }

    /**
     * Sets where state is kept and how the lock behaves.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder settings(MigrationSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * Sets the clock used for timestamps (tests use a fixed or offset clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(MigrationListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Sets what {@link MigrationRunner#validate()} tolerates (default: nothing).
     *
     * @param validationPolicy the policy
     * @return this builder
     */
    public Builder validationPolicy(ValidationPolicy validationPolicy) {
      this.validationPolicy =
          Objects.requireNonNull(validationPolicy, "validationPolicy must not be null");
      return this;
    }

    /**
     * Builds the runner.
     *
     * @return a new runner
     */
    public MigrationRunner build() {
      return new MigrationRunner(mongoTemplate, settings, clock, listeners, validationPolicy);
    }
  }
}
