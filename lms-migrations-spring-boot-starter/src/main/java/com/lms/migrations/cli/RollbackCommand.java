package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** {@code rollback} of one migration by name, and {@code rollback-to} a version. */
enum RollbackCommand implements DatabaseCommand {

  /** Rolls back the migration {@code --lms.migrations.name} names. */
  ONE {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      MigrationRunner runner = database.runner();
      MigrationStatus rolledBack = runner.down(database.arguments().requireName());
      out.print(StatusTable.render(List.of(rolledBack)));
      MigrationsInfo info = runner.info();
      List<MigrationStatus> above = info.appliedAbove(rolledBack.version());
      if (!above.isEmpty()) {
        out.println(
            "Applied migrations stay above it: "
                + above.stream()
                    .map(status -> status.name() + " (version " + status.version() + ")")
                    .collect(Collectors.joining(", "))
                + ". Apply it again, or roll those back too.");
      }
      out.println(CommandReport.summary(info));
      return EXIT_OK;
    }
  },

  /** Rolls back every migration above {@code --lms.migrations.version}. */
  TO_VERSION {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      MigrationRunner runner = database.runner();
      List<MigrationStatus> changed = runner.rollbackTo(database.arguments().requireVersion());
      CommandReport.printChanged("Rolled back", changed, runner.info(), out);
      return EXIT_OK;
    }
  }
}
