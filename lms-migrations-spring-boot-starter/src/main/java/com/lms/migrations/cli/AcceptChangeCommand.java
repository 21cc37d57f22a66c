package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code accept-change}: accepts an intended change of an applied migration's code, recording its
 * current fingerprint in the history without running anything. A migration not applied is refused
 * (exit 1, the runner's message on stderr).
 */
final class AcceptChangeCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    String name = database.arguments().requireName();
    out.print(StatusTable.render(List.of(database.runner().acceptChange(name))));
    return EXIT_OK;
  }
}
