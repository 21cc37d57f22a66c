package com.lms.migrations.cli;

import static com.lms.migrations.cli.CommandReport.count;
import static com.lms.migrations.cli.CommandReport.names;
import static com.lms.migrations.cli.CommandReport.summary;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.startup.MigrationStartupResult;
import com.lms.migrations.startup.MigrationStartupStrategy;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code migrate}, and its dry run: the same strategy as startup, so baseline, validation, dry run
 * and target version apply.
 */
final class MigrateCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationRunner runner = database.runner();
    Migrated migrated = Migrated.run(runner, database.startupStrategy());
    Optional<MigrationStartupResult> result = migrated.result();
    if (result.isPresent() && result.get().dryRun()) {
      printPlan(result.get().plan(), runner.info(), out);
      return EXIT_OK;
    }
    MigrationsInfo after = runner.info();
    List<MigrationStatus> changed = changedSince(migrated.before(), after);
    if (result.isEmpty()) {
      // A strategy that does not report: all we know is what changed.
      CommandReport.printChanged("Applied", changed, after, out);
      return EXIT_OK;
    }
    List<MigrationStatus> byOthers = byOthers(result.get(), changed);
    List<MigrationStatus> applied = result.get().applied();
    if (applied.isEmpty() && byOthers.isEmpty() && result.get().baselined().isEmpty()) {
      out.println("Nothing to do. " + summary(after));
      CommandReport.printBackgroundLeft(after, out);
      return EXIT_OK;
    }
    if (!result.get().baselined().isEmpty()) {
      out.print(StatusTable.render(result.get().baselined()));
      out.println(
          "Recorded "
              + count(result.get().baselined().size())
              + " as applied without running them (baseline or import).");
    }
    if (!applied.isEmpty()) {
      out.print(StatusTable.render(applied));
    }
    out.println(
        "Applied " + count(applied.size()) + byOthersText(byOthers) + ". " + summary(after));
    CommandReport.printBackgroundLeft(after, out);
    return EXIT_OK;
  }

  /**
   * What one run of the startup strategy did to a database, in one line, for the run over every
   * tenant: the same facts as {@code migrate} on one database prints, with names for tables.
   *
   * @param migrated the run
   * @param after the database read after the run
   * @return for example {@code Applied 2 migrations (seed_courses, rename_title). Current version:
   *     2, pending: 0}
   */
  static String migratedLine(Migrated migrated, MigrationsInfo after) {
    Optional<MigrationStartupResult> result = migrated.result();
    if (result.isPresent() && result.get().dryRun()) {
      List<PlannedMigration> plan = result.get().plan();
      return plan.isEmpty()
          ? "Dry run: no migration to apply; nothing was changed. " + summary(after)
          : "Dry run: would apply "
              + count(plan.size())
              + " ("
              + plan.stream().map(CommandReport::describe).collect(Collectors.joining(", "))
              + "); nothing was changed. "
              + summary(after);
    }
    List<MigrationStatus> changed = changedSince(migrated.before(), after);
    if (result.isEmpty()) {
      return changed.isEmpty()
          ? "Nothing to do. " + summary(after)
          : "Applied " + count(changed.size()) + names(changed) + ". " + summary(after);
    }
    List<MigrationStatus> baselined = result.get().baselined();
    List<MigrationStatus> applied = result.get().applied();
    List<MigrationStatus> byOthers = byOthers(result.get(), changed);
    if (applied.isEmpty() && byOthers.isEmpty() && baselined.isEmpty()) {
      return "Nothing to do. " + summary(after);
    }
    return (baselined.isEmpty()
            ? ""
            : "Recorded "
                + count(baselined.size())
                + names(baselined)
                + " as applied without running them (baseline or import). ")
        + "Applied "
        + count(applied.size())
        + names(applied)
        + byOthersText(byOthers)
        + ". "
        + summary(after);
  }

  /** The migrations another instance applied while this one ran (waiting for the lock). */
  private static List<MigrationStatus> byOthers(
      MigrationStartupResult result, List<MigrationStatus> changed) {
    Set<String> mine = new HashSet<>();
    result.baselined().forEach(status -> mine.add(status.name()));
    result.applied().forEach(status -> mine.add(status.name()));
    return changed.stream()
        .filter(status -> !mine.contains(status.name()) && status.isApplied())
        .toList();
  }

  private static String byOthersText(List<MigrationStatus> byOthers) {
    return byOthers.isEmpty()
        ? ""
        : "; "
            + byOthers.size()
            + (byOthers.size() == 1 ? " was" : " were")
            + " applied by another instance meanwhile"
            + names(byOthers);
  }

  /** The statuses that differ from before: what the run, or another instance meanwhile, did. */
  private static List<MigrationStatus> changedSince(
      List<MigrationStatus> before, MigrationsInfo after) {
    Set<MigrationStatus> previous = new HashSet<>(before);
    return after.migrations().stream().filter(status -> !previous.contains(status)).toList();
  }

  private static void printPlan(List<PlannedMigration> plan, MigrationsInfo info, PrintStream out) {
    if (plan.isEmpty()) {
      out.println("Dry run: no migration to apply; nothing was changed. " + summary(info));
    } else {
      out.println("Dry run: would apply, in this order:");
      plan.forEach(
          step -> {
            out.println("  " + CommandReport.describe(step));
            step.steps().forEach(known -> out.println("      " + known));
          });
      out.println("Would apply " + count(plan.size()) + "; nothing was changed. " + summary(info));
    }
    CommandReport.printBackgroundLeft(info, out);
  }

  /**
   * One run of the startup strategy on a database.
   *
   * @param before the statuses read just before it
   * @param result what the strategy reports it did, or empty when it does not say
   */
  record Migrated(List<MigrationStatus> before, Optional<MigrationStartupResult> result) {

    /**
     * Runs the strategy.
     *
     * @param runner the database's runner
     * @param strategy what startup does
     * @return what it did
     */
    static Migrated run(MigrationRunner runner, MigrationStartupStrategy strategy) {
      List<MigrationStatus> before = runner.info().migrations();
      return new Migrated(before, strategy.migrateAndReport(runner));
    }
  }
}
