package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.deploy.ContractWait;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the schema stands, from one read of the history: what the endpoint, the health indicator,
 * the metrics and the command line all report, so that their numbers agree.
 *
 * @param migrations the status of every registered migration, lowest version first
 * @param future migrations recorded above the highest version this build knows: applied by a newer
 *     build (a deploy was rolled back), lowest version first
 * @param currentVersion the highest version recorded as applied, by this build or a newer one; 0
 *     when none is
 * @param plan what {@link MigrationRunner#upAll()} would run now, in order ({@link #plan(int)} for
 *     a target version)
 * @param lockHolder who holds the migration lock, or {@code null} when it is free
 * @param validation the registered migrations compared with the same read of the history, under the
 *     runner's {@link ValidationPolicy}
 * @param hasHistory whether the database has any migration history: {@code false} where none was
 *     ever recorded (where a baseline or an import is allowed)
 * @param background the progress of every registered {@link BackgroundMigration}, lowest version
 *     first
 * @param waiting the {@linkplain com.lms.migrations.deploy.MigrationPhase#CONTRACT contract}
 *     migration {@link #plan()} stops before, with the running instances of older builds it waits
 *     for; empty when none waits
 */
public record MigrationsInfo(
    List<MigrationStatus> migrations,
    List<MigrationStatus> future,
    int currentVersion,
    List<PlannedMigration> plan,
    @Nullable LockHolder lockHolder,
    ValidationResult validation,
    boolean hasHistory,
    List<BackgroundProgress> background,
    List<ContractWait> waiting) {

  /**
   * Copies the lists.
   *
   * @param migrations the status of every registered migration, lowest version first
   * @param future migrations recorded above the highest version this build knows: applied by a
   *     newer build (a deploy was rolled back), lowest version first
   * @param currentVersion the highest version recorded as applied, by this build or a newer one; 0
   *     when none is
   * @param plan what {@link MigrationRunner#upAll()} would run now, in order
   * @param lockHolder who holds the migration lock, or {@code null} when it is free
   * @param validation the registered migrations compared with the same read of the history, under
   *     the runner's {@link ValidationPolicy}
   * @param hasHistory whether the database has any migration history
   * @param background the progress of every registered background migration
   * @param waiting the contract migration the plan stops before, with what it waits for
   */
  public MigrationsInfo {
    migrations = List.copyOf(migrations);
    future = List.copyOf(future);
    plan = List.copyOf(plan);
    background = List.copyOf(background);
    waiting = List.copyOf(waiting);
  }

  /**
   * A read model in which no contract migration waits.
   *
   * @param migrations the status of every registered migration, lowest version first
   * @param future migrations recorded above the highest version this build knows
   * @param currentVersion the highest version recorded as applied; 0 when none is
   * @param plan what {@link MigrationRunner#upAll()} would run now, in order
   * @param lockHolder who holds the migration lock, or {@code null} when it is free
   * @param validation the registered migrations compared with the same read of the history
   * @param hasHistory whether the database has any migration history
   * @param background the progress of every registered background migration
   */
  public MigrationsInfo(
      List<MigrationStatus> migrations,
      List<MigrationStatus> future,
      int currentVersion,
      List<PlannedMigration> plan,
      @Nullable LockHolder lockHolder,
      ValidationResult validation,
      boolean hasHistory,
      List<BackgroundProgress> background) {
    this(
        migrations,
        future,
        currentVersion,
        plan,
        lockHolder,
        validation,
        hasHistory,
        background,
        List.of());
  }

  /**
   * What {@link MigrationRunner#upTo(int)} would run now, in order.
   *
   * @param targetVersion the highest version to apply
   * @return the part of {@link #plan()} up to and including that version
   */
  public List<PlannedMigration> plan(int targetVersion) {
    int highest = 0;
    for (MigrationStatus status : migrations) {
      highest = Math.max(highest, status.version());
    }
    // Repeatable migrations (version 0) run only with every versioned one in reach.
    boolean repeatables = targetVersion >= highest;
    return plan.stream()
        .filter(step -> step.version() == 0 ? repeatables : step.version() <= targetVersion)
        .toList();
  }

  /**
   * The registered migrations that are not applied: pending, failed or running.
   *
   * @return their statuses, lowest version first
   */
  public List<MigrationStatus> pending() {
    return migrations.stream().filter(status -> !status.isApplied()).toList();
  }

  /**
   * The registered migrations recorded as {@link MigrationState#FAILED}.
   *
   * @return their statuses, lowest version first
   */
  public List<MigrationStatus> failed() {
    return migrations.stream().filter(status -> status.status() == MigrationState.FAILED).toList();
  }

  /**
   * The status of one registered migration.
   *
   * @param name the migration's name
   * @return its status, or empty when no registered migration has this name
   */
  public Optional<MigrationStatus> find(String name) {
    Objects.requireNonNull(name, "name");
    return migrations.stream().filter(status -> status.name().equals(name)).findFirst();
  }

  /**
   * The highest version below which everything is applied: what the schema can be relied on to
   * have. It is below {@link #currentVersion()} while a migration under the current version is not
   * applied, such as a background migration still running, or one rolled back below an applied one
   * ({@link #gaps()}).
   *
   * @return that version; 0 when the first migration is not applied
   */
  public int completeVersion() {
    return completeVersion(migrations, currentVersion);
  }

  /** The rule behind {@link #completeVersion()}, which the run summary asks too. */
  static int completeVersion(List<MigrationStatus> migrations, int currentVersion) {
    int complete = 0;
    for (MigrationStatus status : migrations) {
      if (status.version() == 0) {
        continue; // a repeatable migration has no place among the versions
      }
      if (!status.isApplied()) {
        return complete;
      }
      complete = status.version();
    }
    return currentVersion;
  }

  /**
   * The registered migrations that are not applied although a migration above them is: holes in the
   * schema, left by a rollback of one migration below applied ones, or by a background migration
   * not finished yet.
   *
   * @return their statuses, lowest version first; empty when the applied migrations are contiguous
   */
  public List<MigrationStatus> gaps() {
    return migrations.stream()
        .filter(
            status ->
                !status.isApplied() && status.version() > 0 && status.version() < currentVersion)
        .toList();
  }

  /**
   * The registered migrations applied above a version: what stays above a migration of that version
   * once it is rolled back by name, leaving a hole ({@link #gaps()}).
   *
   * @param version the version
   * @return their statuses, lowest version first; empty when none is applied above it
   */
  public List<MigrationStatus> appliedAbove(int version) {
    return appliedAbove(migrations, version);
  }

  /** The rule behind {@link #appliedAbove(int)}, which a rollback by name asks too. */
  static List<MigrationStatus> appliedAbove(List<MigrationStatus> migrations, int version) {
    return migrations.stream()
        .filter(status -> status.isApplied() && status.version() > version)
        .toList();
  }

  /**
   * Who holds the migration lock.
   *
   * @return the holder, or empty when the lock is free (or expired)
   */
  public Optional<LockHolder> lock() {
    return Optional.ofNullable(lockHolder);
  }
}
