package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.validation.ValidationFinding;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code status}: every migration (marked {@code (changed)} when its code changed since it was
 * applied), the background ones' progress, and who holds the lock.
 */
final class StatusCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationsInfo info = database.runner().info();
    List<ValidationFinding> changed =
        info.validation().findings().stream()
            .filter(finding -> finding.kind() == ValidationFinding.Kind.CHANGED)
            .toList();
    out.print(
        StatusTable.render(
            info.migrations(),
            info.background(),
            changed.stream().map(ValidationFinding::name).collect(Collectors.toSet())));
    if (!changed.isEmpty()) {
      out.println(
          "Code changed since applied: "
              + changed.stream()
                  .map(
                      finding ->
                          finding.name()
                              + " (recorded "
                              + finding.recorded()
                              + ", now "
                              + finding.local()
                              + ")")
                  .collect(Collectors.joining(", "))
              + "; --lms.migrations.command=accept-change --lms.migrations.name=<migration>"
              + " accepts an intended change");
    }
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
    database
        .runner()
        .instances()
        .live()
        .forEach(instance -> out.println("Running instance: " + instance.describe()));
    database
        .runner()
        .inactiveHere()
        .forEach(
            inactive ->
                out.println(
                    "Not in this environment: "
                        + inactive.className()
                        + " ("
                        + inactive.reason()
                        + ")"));
    out.println(CommandReport.summary(info));
    return EXIT_OK;
  }
}
