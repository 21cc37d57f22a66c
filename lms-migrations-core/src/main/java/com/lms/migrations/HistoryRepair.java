package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.fingerprint.CodeFingerprint;
import com.lms.migrations.fingerprint.MigrationFingerprints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the recorded history without running migrations: a baseline on a database that predates
 * lms-migrations, and marking one migration applied or pending after it was done or undone by hand.
 * Each takes the lock and checks its precondition again under it; marking a background migration
 * also takes its lease, so it is refused while a worker runs it.
 */
final class HistoryRepair {

  private static final Logger log = LoggerFactory.getLogger(HistoryRepair.class);

  private final MigrationRegistry registry;
  private final MigrationStore store;
  private final BatchCheckpointStore checkpoints;
  private final SchemaStepStore steps;
  private final MigrationLock lock;
  private final InterruptedRuns interrupted;
  private final RunGuard guard;
  private final Clock clock;
  private final RunnerIdentity me;
  private final String collection;
  private final Supplier<EngineBackgroundMigrations> background;

  HistoryRepair(
      MigrationRegistry registry,
      MigrationStore store,
      BatchCheckpointStore checkpoints,
      SchemaStepStore steps,
      MigrationLock lock,
      InterruptedRuns interrupted,
      RunGuard guard,
      Clock clock,
      RunnerIdentity me,
      String collection,
      Supplier<EngineBackgroundMigrations> background) {
    this.registry = registry;
    this.store = store;
    this.checkpoints = checkpoints;
    this.steps = steps;
    this.lock = lock;
    this.interrupted = interrupted;
    this.guard = guard;
    this.clock = clock;
    this.me = me;
    this.collection = collection;
    this.background = background;
  }

  /** Records every registered migration up to a version as applied; only on an empty history. */
  List<MigrationStatus> baseline(int version, @Nullable String principal) {
    return guard.run(
        () -> {
          if (!store.isEmpty()) {
            throw new BaselineNotAllowedException(collection);
          }
          List<MigrationStatus> recorded = new ArrayList<>();
          try (Lease lease = lock.acquire()) {
            if (!store.isEmpty()) {
              throw new BaselineNotAllowedException(collection);
            }
            for (Migration migration : registry.all()) {
              // Repeatable migrations are not part of a baseline: they run after it, as always.
              if (migration.version() <= version && !(migration instanceof RepeatableMigration)) {
                lease.ensureRecentlyHeld("before recording the baseline");
                recorded.add(record(migration, MigrationState.COMPLETED, "BASELINE", principal));
              }
            }
          }
          log.info("Baselined {} migrations at version {}", recorded.size(), version);
          return List.copyOf(recorded);
        });
  }

  /** Records a migration as applied without running it. */
  MigrationStatus markApplied(String name, @Nullable String principal) {
    return mark(name, MigrationState.COMPLETED, "MARK_APPLIED", principal);
  }

  /** Records a migration as pending without running its {@code down}. */
  MigrationStatus markPending(String name, @Nullable String principal) {
    return mark(name, MigrationState.PENDING, "MARK_PENDING", principal);
  }

  /**
   * Records the current fingerprint of an applied migration whose code changed, accepting the
   * change: nothing is run. Under the lock (and a background migration's lease), like marking.
   *
   * @throws MigrationNotAppliedException when the migration is not applied
   * @throws IllegalStateException when its code gives no fingerprint
   */
  MigrationStatus acceptChange(String name, @Nullable String principal) {
    Migration migration = registry.require(name);
    CodeFingerprint current =
        MigrationFingerprints.of(migration)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Migration '"
                            + name
                            + "' has no fingerprint to accept: "
                            + MigrationFingerprints.unavailableReason(migration)
                                .orElse("its code could not be read")));
    return guard.run(
        () -> {
          return asOwner(
              migration,
              (stored, lease) -> acceptHeld(migration, stored, lease, current, principal));
        });
  }

  private MigrationStatus acceptHeld(
      Migration migration,
      @Nullable StoredMigration stored,
      Lease lease,
      CodeFingerprint current,
      @Nullable String principal) {
    String name = migration.name();
    if (stored == null || stored.state() != MigrationState.COMPLETED) {
      throw MigrationNotAppliedException.noChangeToAccept(
          name, stored == null ? MigrationState.PENDING : stored.state());
    }
    CodeFingerprint recorded = stored.code() == null ? null : stored.code().fingerprint();
    if (current.equals(recorded)) {
      log.info("Migration '{}' has the code it was applied with; nothing recorded", name);
      return store.status(migration);
    }
    lease.ensureRecentlyHeld("before accepting the change of migration '" + name + "'");
    store.recordCode(migration, recorded, current, execution("CHANGE_ACCEPTED", principal));
    log.info(
        "Accepted the change of migration '{}': its code's fingerprint is now {} (was {});"
            + " nothing was run",
        name,
        current.value(),
        recorded == null ? "none" : recorded.value());
    return store.status(migration);
  }

  private Execution execution(String action, @Nullable String principal) {
    return new Execution(
        Direction.UP,
        MigrationState.COMPLETED,
        clock.instant(),
        0,
        null,
        me,
        principal,
        action,
        null);
  }

  /**
   * Acts on a migration's record as its one writer: under the lock, with dead runners' marks
   * recovered, and for a background migration under its lease too (refused while a worker runs it).
   */
  private MigrationStatus asOwner(Migration migration, OwnedRecordAction action) {
    try (Lease lease = lock.acquire()) {
      if (!(migration instanceof BackgroundMigration)) {
        return action.apply(interrupted.recover(lease).get(migration.name()), lease);
      }
      try (InterruptedRuns.HeldRecord held = interrupted.holdBackground(migration.name())) {
        return action.apply(held.stored(), held.lease());
      }
    }
  }

  /**
   * What a repair does with a record it owns: the record as read under the lease, and the lease.
   */
  @FunctionalInterface
  private interface OwnedRecordAction {
    MigrationStatus apply(@Nullable StoredMigration stored, Lease lease);
  }

  private MigrationStatus mark(
      String name, MigrationState state, String action, @Nullable String principal) {
    Migration migration = registry.require(name);
    return guard.run(
        () -> {
          if (isAlready(name, store.find(name).orElse(null), state)) {
            return store.status(migration);
          }
          MigrationStatus status =
              asOwner(
                  migration,
                  (stored, lease) -> markHeld(migration, stored, lease, state, action, principal));
          if (migration instanceof BackgroundMigration) {
            background.get().markedByHand(name);
          }
          return status;
        });
  }

  private MigrationStatus markHeld(
      Migration migration,
      @Nullable StoredMigration stored,
      Lease lease,
      MigrationState state,
      String action,
      @Nullable String principal) {
    String name = migration.name();
    if (isAlready(name, stored, state)) {
      return store.status(migration);
    }
    lease.ensureRecentlyHeld("before marking migration '" + name + "'");
    MigrationStatus status = record(migration, state, action, principal);
    log.info("Marked migration '{}' as {} without running it", name, state);
    return status;
  }

  private MigrationStatus record(
      Migration migration, MigrationState state, String action, @Nullable String principal) {
    Direction direction = state == MigrationState.PENDING ? Direction.DOWN : Direction.UP;
    checkpoints.clearAll(migration.name());
    if (state == MigrationState.PENDING) {
      // Whoever marks it pending says its changes are gone: its next run takes its steps afresh.
      steps.markUndoneByHand(
          migration.name(),
          "taken as undone by hand: marked pending"
              + (principal == null ? "" : " by " + principal));
    } else {
      // Applied by hand: undone steps no longer describe what is in place, nor can roll it back.
      steps.forgetUndone(migration.name());
    }
    store.record(
        migration,
        state,
        new Execution(direction, state, clock.instant(), 0, null, me, principal, action, null));
    return store.status(migration);
  }

  /** Whether marking would change nothing; says so when it would not. */
  private static boolean isAlready(
      String name, @Nullable StoredMigration stored, MigrationState state) {
    MigrationState current = stored == null ? MigrationState.PENDING : stored.state();
    if (current == state) {
      log.info("Migration '{}' is already {}; nothing recorded", name, state);
    }
    return current == state;
  }
}
