package com.lms.migrations.deploy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.validation.ValidationFinding;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether rolling out this build, with its migrations up to a version, is safe now: what a pipeline
 * asks before a deploy. Reads only. Each reason it is not safe is one line:
 *
 * <ul>
 *   <li>a migration up to the version {@code requires()} a background migration that has not
 *       finished;
 *   <li>a migration is FAILED;
 *   <li>the history holds what this build does not know (migrations it does not have, applied by a
 *       newer build, or recorded with another name or version);
 *   <li>an applied migration's code changed since it was applied (drift);
 *   <li>a background migration is running, or failed;
 *   <li>the migration lock has been held longer than a starting instance waits for it.
 * </ul>
 */
public final class DeployCheck {

  private DeployCheck() {}

  /**
   * Checks the runner's database for a rollout of its build up to a version.
   *
   * @param runner the new build's runner (its migrations and settings)
   * @param targetVersion the highest version the rollout applies
   * @param clock the clock the lock's age is measured with
   * @return the answer, with every reason it is not safe
   */
  public static DeployCheckResult check(MigrationRunner runner, int targetVersion, Clock clock) {
    MigrationsInfo info = runner.info();
    List<String> reasons = new ArrayList<>();
    reasons.addAll(unfinishedRequirements(runner, info, targetVersion));
    for (MigrationStatus failed : info.failed()) {
      if (info.background().stream().anyMatch(progress -> progress.name().equals(failed.name()))) {
        continue; // said below, with its progress
      }
      reasons.add(
          "migration '"
              + failed.name()
              + "' (version "
              + failed.version()
              + ") FAILED"
              + (failed.error() == null ? "" : ": " + failed.error())
              + "; fix it or roll it back first");
    }
    for (ValidationFinding finding : info.validation().findings()) {
      if (finding.kind() == ValidationFinding.Kind.CHANGED) {
        reasons.add("drift: " + finding.message());
      } else if (finding.isError()) {
        reasons.add("a history this build does not know: " + finding.message());
      }
    }
    for (MigrationStatus future : info.future()) {
      reasons.add(
          "a history this build does not know: migration '"
              + future.name()
              + "' (version "
              + future.version()
              + ") was applied by a newer build");
    }
    for (BackgroundProgress progress : info.background()) {
      if (progress.state() == BackgroundState.RUNNING
          || progress.state() == BackgroundState.FAILED) {
        reasons.add("background migration " + progress.describe());
      }
    }
    Duration wait = runner.getSettings().lock().waitTime();
    info.lock()
        .filter(holder -> holder.since().plus(wait).isBefore(clock.instant()))
        .ifPresent(
            holder ->
                reasons.add(
                    "the migration lock has been held too long, by "
                        + holder
                        + ": longer than a starting instance waits for it ("
                        + wait.toSeconds()
                        + " s)"));
    return new DeployCheckResult(targetVersion, reasons);
  }

  private static List<String> unfinishedRequirements(
      MigrationRunner runner, MigrationsInfo info, int targetVersion) {
    Map<String, BackgroundProgress> background =
        info.background().stream()
            .collect(Collectors.toMap(BackgroundProgress::name, Function.identity()));
    List<String> reasons = new ArrayList<>();
    for (Migration migration : runner.getMigrations()) {
      if (migration.version() > targetVersion
          || info.find(migration.name()).map(MigrationStatus::isApplied).orElse(false)) {
        continue;
      }
      for (String required : migration.requires()) {
        Optional<BackgroundProgress> progress = Optional.ofNullable(background.get(required));
        if (progress.map(p -> p.state() != BackgroundState.COMPLETED).orElse(true)) {
          reasons.add(
              "migration '"
                  + migration.name()
                  + "' (version "
                  + migration.version()
                  + ") requires background migration '"
                  + required
                  + "', which has not finished ("
                  + progress.map(BackgroundProgress::describe).orElse("not registered")
                  + ")");
        }
      }
    }
    return reasons;
  }
}
