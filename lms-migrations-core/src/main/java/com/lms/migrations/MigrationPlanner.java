package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides what would run, from the registered migrations and the history as read once. Pure: it
 * reads nothing itself, so everything that answers "what is pending, what is applied" agrees.
 *
 * @param registered every registered migration, lowest version first
 * @param stored the recorded status of each migration that has one, by name
 */
record MigrationPlanner(List<Migration> registered, Map<String, StoredMigration> stored) {

  MigrationPlanner {
    registered = List.copyOf(registered);
    stored = Map.copyOf(stored);
  }

  /**
   * What {@code upTo(targetVersion)} runs, lowest version first: background migrations are left to
   * the background workers.
   */
  List<Migration> toApply(int targetVersion) {
    List<Migration> toApply = new ArrayList<>();
    int highest = 0;
    for (Migration migration : registered) {
      if (migration instanceof RepeatableMigration) {
        continue;
      }
      highest = Math.max(highest, migration.version());
      if (!(migration instanceof BackgroundMigration)
          && migration.version() <= targetVersion
          && needsUp(migration, stored.get(migration.name()))) {
        toApply.add(migration);
      }
    }
    // Repeatable migrations come last, and only with every versioned one in reach: they are
    // written for the newest schema, which a lower target holds back, and which an older build
    // (one that finds migrations a newer build applied) does not know.
    if (targetVersion >= highest && !newerBuildApplied(highest)) {
      for (Migration migration : registered) {
        if (migration instanceof RepeatableMigration
            && needsUp(migration, stored.get(migration.name()))) {
          toApply.add(migration);
        }
      }
    }
    return toApply;
  }

  /**
   * What {@code rollbackTo(version)} runs, newest first: every migration above the version that may
   * have changed data. That is one applied, one that failed either way, a background migration
   * stopped half way, and one recorded as running (its lease says whether its holder still runs it:
   * then the rollback is refused, else it is recovered first).
   */
  List<Migration> toRollBack(int version) {
    return registered.stream()
        .filter(migration -> migration.version() > version)
        .filter(
            migration -> {
              StoredMigration state = stored.get(migration.name());
              return state != null
                  && (state.canRollBack()
                      || (state.state() == MigrationState.RUNNING
                          && migration instanceof BackgroundMigration));
            })
        .sorted(Comparator.comparingInt(Migration::version).reversed())
        .toList();
  }

  /**
   * Background migrations above a version that a worker would apply after {@code
   * rollbackTo(version)} without this: queued ones with nothing to roll back. The rollback holds
   * them (pauses them) so that the version it reports stays true.
   */
  List<Migration> backgroundToHoldAbove(int version) {
    return registered.stream()
        .filter(migration -> migration instanceof BackgroundMigration)
        .filter(migration -> migration.version() > version)
        .filter(
            migration -> {
              StoredMigration state = stored.get(migration.name());
              return state == null
                  || (state.state() == MigrationState.PENDING && !state.isSuspended());
            })
        .toList();
  }

  /**
   * Why a background worker may not apply a migration now under these rules, or {@code null} when
   * it may: nothing runs automatically during a dry run or where migrations are not applied
   * automatically, nothing above the target version, and never a migration while a regular one
   * below it is not applied (a lower background migration does not hold it back: each background
   * migration runs on its own lease, and one that needs another says so with {@link
   * Migration#requires()}).
   */
  @Nullable String whyNotInBackground(Migration migration, RunRules rules) {
    String nothing = rules.whyNothingRuns();
    if (nothing != null) {
      return nothing;
    }
    if (migration.version() > rules.targetVersion()) {
      return "it is above the target version " + rules.targetVersion();
    }
    for (Migration lower : registered) {
      if (lower.version() >= migration.version()) {
        break;
      }
      if (!(lower instanceof BackgroundMigration) && needsUp(stored.get(lower.name()))) {
        return "migration '"
            + lower.name()
            + "' (version "
            + lower.version()
            + ") below it is not applied yet";
      }
    }
    return null;
  }

  /** {@link #toApply} as plan steps. */
  List<PlannedMigration> planUp(int targetVersion) {
    return toApply(targetVersion).stream()
        .map(migration -> PlannedMigration.of(migration, Direction.UP))
        .toList();
  }

  /** {@link #toRollBack} as plan steps. */
  List<PlannedMigration> planDown(int version) {
    return toRollBack(version).stream()
        .map(migration -> PlannedMigration.of(migration, Direction.DOWN))
        .toList();
  }

  /**
   * Applied migrations above a version that are no longer registered, so {@code rollbackTo} cannot
   * roll them back.
   */
  List<StoredMigration> unregisteredAbove(int version) {
    List<String> names = registered.stream().map(Migration::name).toList();
    return stored.values().stream()
        .filter(orphan -> orphan.version() > version && orphan.isRollbackable())
        .filter(orphan -> !names.contains(orphan.name()))
        .sorted(Comparator.comparingInt(StoredMigration::version))
        .toList();
  }

  /** The status of every registered migration, lowest version first. */
  List<MigrationStatus> statuses() {
    // A loop: every run's summary asks (through completeVersion), each restart's too.
    List<MigrationStatus> statuses = new ArrayList<>(registered.size());
    for (Migration migration : registered) {
      statuses.add(statusOf(migration));
    }
    return Collections.unmodifiableList(statuses);
  }

  /** The recorded status of a migration, PENDING when it has none. */
  MigrationStatus statusOf(Migration migration) {
    return StoredMigration.statusOf(migration, stored.get(migration.name()));
  }

  /** The highest version recorded as applied, by this build or any other; 0 when none is. */
  int currentVersion() {
    // Loops rather than streams here and below: every run's summary (each restart's) asks, and
    // in a fresh JVM each stream shape costs classes to load.
    int current = 0;
    for (StoredMigration migration : stored.values()) {
      if (migration.state() == MigrationState.COMPLETED) {
        current = Math.max(current, migration.version());
      }
    }
    return current;
  }

  /**
   * The highest version below which every registered migration is applied; {@link
   * #currentVersion()} when all are ({@link MigrationsInfo#completeVersion()}).
   */
  int completeVersion() {
    return MigrationsInfo.completeVersion(statuses(), currentVersion());
  }

  /** Whether a migration above every registered version is applied: this is an older build. */
  private boolean newerBuildApplied(int highestRegistered) {
    for (StoredMigration record : stored.values()) {
      if (record.version() > highestRegistered && record.state() == MigrationState.COMPLETED) {
        return true;
      }
    }
    return false;
  }

  /** How many registered migrations are not applied (or, repeatable, changed since they ran). */
  int pendingCount() {
    int pending = 0;
    for (Migration migration : registered) {
      if (needsUp(migration, stored.get(migration.name()))) {
        pending++;
      }
    }
    return pending;
  }

  /**
   * Whether a migration needs a run up: it is not applied; or it is repeatable and its code is not
   * the code its last run recorded (when that can be told).
   */
  static boolean needsUp(Migration migration, @Nullable StoredMigration stored) {
    if (stored == null || stored.needsUp()) {
      return true;
    }
    if (!(migration instanceof RepeatableMigration)) {
      return false;
    }
    if (stored.code() == null) {
      return true;
    }
    return StoredMigration.currentCode(migration, stored)
        .map(current -> !current.value().equals(stored.code().fingerprint().value()))
        .orElse(false);
  }

  private static boolean needsUp(StoredMigration state) {
    return state == null || state.needsUp();
  }
}
