package com.lms.migrations.startup;

import com.lms.migrations.BaselineNotAllowedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.ImportPlan;
import com.lms.migrations.validation.ValidationResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What startup does unless replaced: baseline an empty history when asked to, validate the
 * migrations against the history (refusing to run on errors), then apply the pending ones up to the
 * target version, or with {@code dry-run} only log what would run.
 */
public class DefaultMigrationStartupStrategy implements MigrationStartupStrategy {

  private static final Logger log = LoggerFactory.getLogger(DefaultMigrationStartupStrategy.class);

  private final @Nullable Integer targetVersion;
  private final @Nullable Integer baselineVersion;
  private final boolean dryRun;
  private final @Nullable HistorySource importFrom;

  /**
   * Creates the strategy.
   *
   * @param targetVersion the highest version to apply, or {@code null} for all
   * @param baselineVersion the version to baseline an empty history at, or {@code null}
   * @param dryRun whether to only log the plan
   */
  public DefaultMigrationStartupStrategy(
      @Nullable Integer targetVersion, @Nullable Integer baselineVersion, boolean dryRun) {
    this(targetVersion, baselineVersion, dryRun, null);
  }

  /**
   * Creates the strategy.
   *
   * @param targetVersion the highest version to apply, or {@code null} for all
   * @param baselineVersion the version to baseline an empty history at, or {@code null}
   * @param dryRun whether to only log the plan
   * @param importFrom another tool's history to import into an empty history first, or {@code null}
   */
  public DefaultMigrationStartupStrategy(
      @Nullable Integer targetVersion,
      @Nullable Integer baselineVersion,
      boolean dryRun,
      @Nullable HistorySource importFrom) {
    this.targetVersion = targetVersion;
    this.baselineVersion = baselineVersion;
    this.dryRun = dryRun;
    this.importFrom = importFrom;
  }

  @Override
  public void migrate(MigrationRunner runner) {
    run(runner);
  }

  @Override
  public Optional<MigrationStartupResult> migrateAndReport(MigrationRunner runner) {
    return Optional.of(run(runner));
  }

  private MigrationStartupResult run(MigrationRunner runner) {
    List<MigrationStatus> imported = importHistory(runner);
    boolean baseline = baselineVersion != null && !runner.info().hasHistory();
    List<MigrationStatus> baselined = imported;
    if (baseline && !dryRun) {
      try {
        baselined = runner.baseline(baselineVersion);
      } catch (BaselineNotAllowedException e) {
        log.debug("Another instance recorded history first; no baseline needed");
      }
    }
    if (dryRun) {
      ValidationResult validation = runner.validate();
      validation.warnings().forEach(warning -> log.warn("{}", warning));
      validation.throwIfInvalid();
      List<PlannedMigration> plan =
          targetVersion == null ? runner.info().plan() : runner.info().plan(targetVersion);
      log.info(
          "Dry run (lms.migrations.dry-run=true): {}{}; nothing was applied",
          baseline ? "would baseline at version " + baselineVersion + ", then " : "",
          plan.isEmpty() ? "no migration to apply" : "would apply " + describe(plan));
      return MigrationStartupResult.dryRun(plan);
    }
    // Validates and applies from one read of the history when there is nothing to apply.
    List<MigrationStatus> applied =
        runner.validateAndUpTo(targetVersion == null ? Integer.MAX_VALUE : targetVersion);
    return MigrationStartupResult.applied(baselined, applied);
  }

  /**
   * Imports another tool's history into an empty history, once: an instance that finds history
   * already there (another instance imported it) goes on. A dry run only logs the mapping.
   */
  private List<MigrationStatus> importHistory(MigrationRunner runner) {
    if (importFrom == null) {
      return List.of();
    }
    if (dryRun) {
      ImportPlan plan = runner.planImport(importFrom);
      if (!plan.historyExists()) {
        log.info(
            "Dry run (lms.migrations.dry-run=true): would import the {} history:\n{}",
            importFrom.tool().id(),
            plan.table());
      }
      return List.of();
    }
    List<MigrationStatus> imported = runner.importHistory(importFrom);
    if (!imported.isEmpty()) {
      log.info(
          "Imported {} migration{} from the {} history in '{}'",
          imported.size(),
          imported.size() == 1 ? "" : "s",
          importFrom.tool().id(),
          importFrom.collection());
    }
    return imported;
  }

  static String describe(List<PlannedMigration> plan) {
    return plan.stream()
        .map(
            step ->
                step.direction().name().toLowerCase()
                    + " v"
                    + step.version()
                    + " "
                    + step.name()
                    + (step.steps().isEmpty() ? "" : " " + step.steps()))
        .collect(Collectors.joining(", "));
  }
}
