package com.lms.migrations.startup;

import com.lms.migrations.MigrationStatus;
import com.lms.migrations.PlannedMigration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MigrationStartupStrategy} did in this process: only what this instance ran or
 * recorded, never what another instance did meanwhile.
 *
 * @param baselined migrations this instance recorded as applied without running them (baseline, or
 *     an import of another tool's history)
 * @param applied the status of each migration this instance ran, in order
 * @param dryRun whether this was a dry run, which changes nothing
 * @param plan in a dry run, what would have been applied; empty otherwise
 */
public record MigrationStartupResult(
    List<MigrationStatus> baselined,
    List<MigrationStatus> applied,
    boolean dryRun,
    List<PlannedMigration> plan) {

  /**
   * Copies the lists.
   *
   * @param baselined migrations this instance recorded as applied without running them (baseline,
   *     or an import of another tool's history)
   * @param applied the status of each migration this instance ran, in order
   * @param dryRun whether this was a dry run, which changes nothing
   * @param plan in a dry run, what would have been applied; empty otherwise
   */
  public MigrationStartupResult {
    baselined = List.copyOf(Objects.requireNonNull(baselined, "baselined must not be null"));
    applied = List.copyOf(Objects.requireNonNull(applied, "applied must not be null"));
    plan = List.copyOf(Objects.requireNonNull(plan, "plan must not be null"));
  }

  /**
   * A run that applied migrations.
   *
   * @param baselined what was baselined first (usually nothing)
   * @param applied the status of each migration that ran
   * @return the result
   */
  public static MigrationStartupResult applied(
      List<MigrationStatus> baselined, List<MigrationStatus> applied) {
    return new MigrationStartupResult(baselined, applied, false, List.of());
  }

  /**
   * A dry run: nothing was changed.
   *
   * @param plan what would have been applied
   * @return the result
   */
  public static MigrationStartupResult dryRun(List<PlannedMigration> plan) {
    return new MigrationStartupResult(List.of(), List.of(), true, plan);
  }
}
