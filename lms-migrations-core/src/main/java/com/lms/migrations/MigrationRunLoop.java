package com.lms.migrations;

import static java.util.Objects.requireNonNull;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.validation.MigrationValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs migrations: reads the history without the lock and stops when there is nothing to do, else
 * takes the lock, recovers what dead runners left running, reads again, runs, and summarises the
 * call for the log and the listeners.
 */
final class MigrationRunLoop {

  private static final Logger log = LoggerFactory.getLogger(MigrationRunLoop.class);

  private final MigrationRegistry registry;
  private final MigrationStore store;
  private final MigrationListeners listeners;
  private final RunGuard guard;
  private final MigrationLock lock;
  private final Supplier<Parts> parts;

  /**
   * What a run needs once there is something to do. Built on first use, so that a call that finds
   * nothing to do (every restart) loads and builds none of it.
   */
  record Parts(
      InterruptedRuns interrupted,
      MigrationExecutor executor,
      RequiredMigrations required,
      EngineBackgroundMigrations background) {}

  MigrationRunLoop(
      MigrationRegistry registry,
      MigrationStore store,
      MigrationListeners listeners,
      RunGuard guard,
      MigrationLock lock,
      Supplier<Parts> parts) {
    this.registry = registry;
    this.store = store;
    this.listeners = listeners;
    this.guard = guard;
    this.lock = lock;
    this.parts = parts;
  }

  /** Applies one migration unless it is applied already. */
  MigrationStatus up(Migration migration, @Nullable String principal) {
    String name = migration.name();
    return guard.run(
        () -> {
          if (!MigrationPlanner.needsUp(migration, store.find(name).orElse(null))) {
            log.debug("Migration '{}' is already applied", name);
            return store.status(migration);
          }
          parts.get().required().await(List.of(migration), store.findAll());
          try (Lease lease = lock.acquire()) {
            Map<String, StoredMigration> state = parts.get().interrupted().recover(lease);
            StoredMigration stored = state.get(name);
            if (MigrationPlanner.needsUp(migration, stored)) {
              parts.get().required().awaitBefore(migration, state, false);
              run(
                  migration,
                  Direction.UP,
                  stored,
                  lease,
                  principal,
                  now -> MigrationPlanner.needsUp(migration, now));
              log.info("Applied migration '{}' (version {})", name, migration.version());
            }
          }
          return statusAfterRun(migration);
        });
  }

  /** Rolls one migration back: one that is applied, or failed, or a dead runner left running. */
  MigrationStatus down(Migration migration, @Nullable String principal) {
    String name = migration.name();
    return guard.run(
        () -> {
          // RUNNING may be a dead runner's mark: decide once it is recovered, under the lock.
          StoredMigration before = store.find(name).orElse(null);
          if (before == null
              || (before.state() == MigrationState.PENDING && !before.isSuspended())) {
            throw new MigrationNotAppliedException(name, MigrationState.PENDING);
          }
          if (before.state() == MigrationState.RUNNING
              && !registry.isBackground(name)
              && lock.currentHolder().isPresent()) {
            // A live instance is running it; only a dead runner's mark is recovered and rolled
            // back.
            throw new MigrationNotAppliedException(name, MigrationState.RUNNING);
          }
          try (Lease lease = lock.acquire()) {
            StoredMigration stored = parts.get().interrupted().recover(lease).get(name);
            run(
                migration,
                Direction.DOWN,
                stored,
                lease,
                principal,
                now -> {
                  if (now == null || !now.canRollBack()) {
                    throw new MigrationNotAppliedException(
                        name, now == null ? MigrationState.PENDING : now.state());
                  }
                  return true;
                });
            log.info("Rolled back migration '{}' (version {})", name, migration.version());
          }
          warnAboutAppliedAbove(migration);
          return statusAfterRun(migration);
        });
  }

  /**
   * Runs the selected migrations in one direction, stopping at the first failure. Listeners hear
   * how the call ended, whatever the outcome.
   */
  List<MigrationStatus> runAll(
      Direction direction,
      Function<MigrationPlanner, List<Migration>> select,
      @Nullable String principal) {
    return runAll(direction, planner -> {}, select, principal);
  }

  /**
   * Like {@link #runAll(Direction, Function, String)}, first checking the history as read without
   * the lock (validation), so that a call that finds nothing to do reads it once.
   */
  List<MigrationStatus> runAll(
      Direction direction,
      Consumer<MigrationPlanner> check,
      Function<MigrationPlanner, List<Migration>> select,
      @Nullable String principal) {
    return guard.run(
        () -> {
          long start = System.nanoTime();
          List<MigrationExecution> executions = new ArrayList<>();
          @Nullable Map<String, StoredMigration> stored = null; // until the history is read
          try {
            stored = store.findAll();
            MigrationPlanner unlocked = planner(stored);
            check.accept(unlocked);
            List<Migration> selected = select.apply(unlocked);
            if (!selected.isEmpty()) {
              if (direction == Direction.UP) {
                CodeWarmUp.fingerprints(selected);
                stored = parts.get().required().await(selected, stored);
              }
              try (Lease lease = lock.acquire()) {
                stored = parts.get().interrupted().recover(lease);
                stored =
                    runEach(
                        select.apply(planner(stored)),
                        direction,
                        stored,
                        lease,
                        principal,
                        executions);
              }
              // Nobody else wrote while the lock was held: the state is what was read under it,
              // with the outcomes this run recorded.
              stored = withOutcomes(stored, executions);
            }
          } catch (MigrationValidationException e) {
            throw e; // refused before anything ran: not a run, nothing to summarise
          } catch (RequiredMigrationNotFinishedException e) {
            if (!executions.isEmpty()) {
              finishRun(
                  direction,
                  executions,
                  start,
                  withOutcomes(requireNonNull(stored), executions),
                  e);
            }
            throw e; // refused before anything ran, unless it is summarised above
          } catch (MigrationFailedException e) {
            executions.add(e.getExecution());
            // Read the state again unless the database could not even record the outcome.
            finishRun(
                direction,
                executions,
                start,
                e.isOutcomeRecorded()
                    ? readForSummary(e)
                    : withOutcomes(requireNonNull(stored), executions),
                e);
            throw e;
          } catch (RuntimeException | Error e) {
            // Read the state again when something ran before the failure; when the history could
            // not be read at all, it is unknown (reading it again would only wait as long again).
            finishRun(
                direction, executions, start, executions.isEmpty() ? stored : readForSummary(e), e);
            throw e;
          }
          finishRun(direction, executions, start, stored, null);
          return executions.stream().map(MigrationExecution::toStatus).toList();
        });
  }

  /**
   * Runs one migration while the migration lock is held. A background migration also needs its own
   * lease, which its worker may hold: it is then refused; a running mark its dead worker left is
   * recovered first.
   *
   * @param mayRun whether the migration's state, as read under its lease, still calls for the run
   *     (may throw instead)
   * @return what ran, or {@code null} when the state no longer called for it
   */
  private @Nullable MigrationExecution run(
      Migration migration,
      Direction direction,
      @Nullable StoredMigration stored,
      Lease lease,
      @Nullable String principal,
      java.util.function.Predicate<@Nullable StoredMigration> mayRun) {
    if (registry.isBackground(migration.name())) {
      return runBackground(migration, direction, principal, mayRun);
    }
    return mayRun.test(stored)
        ? parts.get().executor().run(migration, direction, stored, lease, principal)
        : null;
  }

  /**
   * Runs the selected migrations in order while the lock is held, stopping at the first failure.
   * Each one's running mark goes with the outcome of the one before it where it may ({@link
   * #markedWithThisOutcome}); the checks before a migration (the thread's interrupt, its required
   * migrations) are made before its mark is sent.
   *
   * @param executions where each run is added
   * @return the state as last read
   */
  private Map<String, StoredMigration> runEach(
      List<Migration> toRun,
      Direction direction,
      Map<String, StoredMigration> stored,
      Lease lease,
      @Nullable String principal,
      List<MigrationExecution> executions) {
    Map<String, StoredMigration> current = stored;
    @Nullable NextMark premarked = null; // sent with the outcome before it
    for (int i = 0; i < toRun.size(); i++) {
      Migration migration = toRun.get(i);
      if (premarked == null) {
        stopIfInterrupted(migration, executions);
        if (direction == Direction.UP) {
          current = parts.get().required().awaitBefore(migration, current, !executions.isEmpty());
        }
      }
      if (registry.isBackground(migration.name())) {
        MigrationExecution execution = runBackground(migration, direction, principal, now -> true);
        if (execution != null) {
          executions.add(execution);
        }
        continue;
      }
      MigrationExecutor.Ran ran =
          parts
              .get()
              .executor()
              .run(
                  migration,
                  direction,
                  current.get(migration.name()),
                  lease,
                  principal,
                  premarked,
                  markedWithThisOutcome(toRun, i, current));
      executions.add(ran.execution());
      premarked = ran.next();
    }
    return current;
  }

  /**
   * Runs a background migration under its own lease, which its worker may hold: it is then refused;
   * a running mark its dead worker left is recovered first.
   */
  private @Nullable MigrationExecution runBackground(
      Migration migration,
      Direction direction,
      @Nullable String principal,
      java.util.function.Predicate<@Nullable StoredMigration> mayRun) {
    String name = migration.name();
    try (InterruptedRuns.HeldRecord held = parts.get().interrupted().holdBackground(name)) {
      StoredMigration now = held.stored();
      if (!mayRun.test(now)) {
        return null;
      }
      MigrationExecution execution =
          parts.get().executor().run(migration, direction, now, held.lease(), principal);
      if (direction == Direction.DOWN) {
        parts.get().background().rolledBack(name); // or the worker would apply it again at once
      } else {
        parts.get().background().markedByHand(name); // a rollback queued before is replaced
      }
      return execution;
    }
  }

  /**
   * The migration whose running mark goes with the outcome of the one at {@code index}, in one
   * write; {@code null} when it must be marked on its own, after its checks: a background migration
   * (marked under its own lease) and one that requires another (which it may have to wait for). The
   * checks between two migrations (the thread's interrupt, the lease) are made before that write
   * instead.
   */
  private MigrationExecutor.@Nullable Next markedWithThisOutcome(
      List<Migration> toRun, int index, Map<String, StoredMigration> stored) {
    if (index + 1 >= toRun.size()) {
      return null;
    }
    Migration next = toRun.get(index + 1);
    if (registry.isBackground(next.name()) || !next.requires().isEmpty()) {
      return null;
    }
    return new MigrationExecutor.Next(next, stored.get(next.name()));
  }

  /**
   * Says which applied migrations stay above one rolled back by name: allowed, but the schema then
   * has a hole, which {@link MigrationsInfo#gaps()} shows too.
   */
  private void warnAboutAppliedAbove(Migration rolledBack) {
    InterruptFlag interrupt = new InterruptFlag().clear();
    try {
      MigrationPlanner now = planner(store.findAll());
      List<MigrationStatus> above =
          MigrationsInfo.appliedAbove(now.statuses(), rolledBack.version());
      if (!above.isEmpty()) {
        log.warn(
            "Migration '{}' (version {}) is rolled back but applied migrations stay above it: {}."
                + " The schema is complete up to version {} only; apply it again, or roll those"
                + " back too",
            rolledBack.name(),
            rolledBack.version(),
            above.stream()
                .map(status -> status.name() + " (v" + status.version() + ")")
                .collect(java.util.stream.Collectors.joining(", ")),
            now.completeVersion());
      }
    } finally {
      interrupt.restore();
    }
  }

  private MigrationPlanner planner(Map<String, StoredMigration> stored) {
    return new MigrationPlanner(registry.all(), stored);
  }

  /** The state as read before the run, with what the run recorded. */
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

  /**
   * Logs one summary line and tells listeners how the call ended.
   *
   * @param known the state after the call, or {@code null} when it could not be read
   * @param failure why the call failed, or {@code null}
   */
  private void finishRun(
      Direction direction,
      List<MigrationExecution> executions,
      long start,
      @Nullable Map<String, StoredMigration> known,
      @Nullable Throwable failure) {
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    MigrationPlanner after = known == null ? null : planner(known);
    int currentVersion = after == null ? MigrationRunSummary.UNKNOWN : after.currentVersion();
    MigrationRunSummary summary =
        new MigrationRunSummary(
            executions,
            duration,
            currentVersion,
            after == null ? MigrationRunSummary.UNKNOWN : after.pendingCount(),
            failure);
    long succeeded = summary.completed().size();
    if (executions.isEmpty() && failure == null) {
      log.info(
          "Schema is up to date at version {}{}; no migration to {}",
          currentVersion,
          after == null ? "" : completeUpTo(after),
          direction == Direction.UP ? "apply" : "roll back");
    } else {
      String line =
          (direction == Direction.UP ? "Applied " : "Rolled back ")
              + succeeded
              + (succeeded == 1 ? " migration in " : " migrations in ")
              + DurationText.of(duration)
              + "; "
              + (after == null
                  ? "schema version unknown: the history could not be read"
                  : "schema now at version " + currentVersion + completeUpTo(after));
      if (failure == null) {
        log.info("{}", line);
      } else {
        // The failure itself is thrown to the caller: the summary only warns that the run stopped.
        log.warn("{} (stopped: {})", line, MigrationFailedException.describe(failure));
      }
    }
    listeners.runFinished(summary);
  }

  /**
   * ", complete up to version N" when a migration below the current version is not applied (a
   * background migration still running, a hole left by a rollback); nothing otherwise.
   */
  private static String completeUpTo(MigrationPlanner after) {
    int complete = after.completeVersion();
    return complete < after.currentVersion() ? " (complete up to version " + complete + ")" : "";
  }

  /** The state after a run, for its summary; {@code null} when the database cannot be read. */
  private @Nullable Map<String, StoredMigration> readForSummary(Throwable failure) {
    InterruptFlag interrupt = new InterruptFlag().clear();
    try {
      return store.findAll();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return null;
    } finally {
      interrupt.restore();
    }
  }

  /** The status after a run, read even when the migration left the thread interrupted. */
  private MigrationStatus statusAfterRun(Migration migration) {
    InterruptFlag interrupt = new InterruptFlag().clear();
    try {
      return store.status(migration);
    } finally {
      interrupt.restore();
    }
  }
}
