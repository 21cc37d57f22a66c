package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.ImportPlan;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code import}: prints the mapping of the other tool's changes to migrations, then imports unless
 * a dry run.
 */
final class ImportCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationRunner runner = database.runner();
    HistorySource importSource = database.requireImportSource();
    ImportPlan plan = runner.planImport(importSource);
    out.print(plan.table());
    if (!plan.table().endsWith("\n")) {
      out.println();
    }
    if (database.dryRun()) {
      plan.problems().forEach(problem -> out.println("Would be refused: " + problem));
      out.println("Dry run: nothing was imported.");
      return plan.problems().isEmpty() ? EXIT_OK : EXIT_FAILED;
    }
    List<MigrationStatus> imported = runner.importHistory(importSource);
    if (imported.isEmpty() && plan.historyExists()) {
      out.println(
          "Nothing left to import: every mapped migration has a record already. "
              + CommandReport.summary(runner.info()));
      return EXIT_OK;
    }
    out.println(
        "Imported "
            + CommandReport.count(imported.size())
            + " from the "
            + importSource.tool().id()
            + " history in '"
            + importSource.collection()
            + "'. "
            + CommandReport.summary(runner.info()));
    return EXIT_OK;
  }
}
