package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationsInfo;
import java.io.PrintStream;

/** {@code status}: every migration, the background ones' progress, and who holds the lock. */
final class StatusCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationsInfo info = database.runner().info();
    out.print(StatusTable.render(info.migrations(), info.background()));
    info.future()
        .forEach(
            status ->
                out.println(
                    "Applied by a newer build, unknown to this one: "
                        + status.name()
                        + " (version "
                        + status.version()
                        + ", "
                        + status.status()
                        + ")"));
    info.lock()
        .ifPresent(holder -> out.println("Migrations are running now; lock held by " + holder));
    out.println(CommandReport.summary(info));
    return EXIT_OK;
  }
}
