package com.lms.migrations.cli;

import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.background.BackgroundProgress;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lines every command prints the same way: the summary of a database, counts and names of
 * migrations, the table of what changed (through {@link StatusTable}), and which pending migrations
 * are left to the background worker.
 */
final class CommandReport {

  private CommandReport() {}

  /**
   * The state of a database in one line.
   *
   * @param info the database's read model
   * @return for example {@code Current version: 2, pending: 0}
   */
  static String summary(MigrationsInfo info) {
    int complete = info.completeVersion();
    return "Current version: "
        + info.currentVersion()
        + (complete < info.currentVersion() ? " (complete up to version " + complete + ")" : "")
        + ", pending: "
        + info.pending().size();
  }

  static String count(int migrations) {
    return migrations + " migration" + (migrations == 1 ? "" : "s");
  }

  /** {@code " (a, b)"}, or nothing for no migration. */
  static String names(List<MigrationStatus> statuses) {
    return statuses.isEmpty()
        ? ""
        : statuses.stream().map(MigrationStatus::name).collect(Collectors.joining(", ", " (", ")"));
  }

  static String describe(PlannedMigration step) {
    return step.direction().name().toLowerCase(Locale.ROOT)
        + " v"
        + step.version()
        + " "
        + step.name();
  }

  /** The table of what changed and one line with the verb, or "Nothing to do". */
  static void printChanged(
      String verb, List<MigrationStatus> changed, MigrationsInfo after, PrintStream out) {
    if (changed.isEmpty()) {
      out.println("Nothing to do. " + summary(after));
      return;
    }
    out.print(StatusTable.render(changed));
    out.println(verb + " " + count(changed.size()) + ". " + summary(after));
  }

  static void printProgress(BackgroundProgress progress, PrintStream out) {
    out.print(StatusTable.render(List.of(progress.status()), List.of(progress)));
  }

  /**
   * Says which pending migrations {@code migrate} leaves to the background worker, so that the
   * pending count is not read as migrations it missed.
   */
  static void printBackgroundLeft(MigrationsInfo info, PrintStream out) {
    Set<String> background =
        info.background().stream().map(BackgroundProgress::name).collect(Collectors.toSet());
    List<MigrationStatus> left =
        info.pending().stream().filter(status -> background.contains(status.name())).toList();
    if (left.isEmpty()) {
      return;
    }
    out.println(
        "Not applied by migrate: background migration"
            + (left.size() == 1 ? " " : "s ")
            + left.stream()
                .map(status -> status.name() + " (version " + status.version() + ")")
                .collect(Collectors.joining(", "))
            + "; a worker runs "
            + (left.size() == 1 ? "it" : "them")
            + " once the application is ready.");
  }
}
