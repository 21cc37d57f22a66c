package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** {@code mark-applied} and {@code mark-pending}: record a migration's state without running it. */
enum MarkCommand implements DatabaseCommand {

  /** Records the migration as applied. */
  APPLIED {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      MigrationRunner runner = database.runner();
      String name = database.arguments().requireName();
      Optional<MigrationStatus> current = runner.getStatus(name);
      if (current.isPresent() && current.get().isApplied()) {
        out.print(StatusTable.render(List.of(current.get())));
        out.println("Migration '" + name + "' is already applied; nothing changed.");
        return EXIT_OK;
      }
      out.print(StatusTable.render(List.of(runner.markApplied(name))));
      return EXIT_OK;
    }
  },

  /** Records the migration as pending. */
  PENDING {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      MigrationRunner runner = database.runner();
      String name = database.arguments().requireName();
      Optional<MigrationStatus> current = runner.getStatus(name);
      if (current.isPresent() && current.get().status() == MigrationState.PENDING) {
        out.print(StatusTable.render(List.of(current.get())));
        out.println("Migration '" + name + "' is already pending; nothing changed.");
        return EXIT_OK;
      }
      out.print(StatusTable.render(List.of(runner.markPending(name))));
      return EXIT_OK;
    }
  }
}
