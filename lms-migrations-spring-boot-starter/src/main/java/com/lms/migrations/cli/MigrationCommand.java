package com.lms.migrations.cli;

import com.lms.migrations.diagnostics.ClosestName;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The commands of the command-line mode, by the name given in {@code lms.migrations.command}. */
enum MigrationCommand {
  STATUS("status", ""),
  MIGRATE("migrate", "[--lms.migrations.target-version=<n>]"),
  ROLLBACK("rollback", "--lms.migrations.name=<migration>"),
  ROLLBACK_TO("rollback-to", "--lms.migrations.version=<n>"),
  VALIDATE("validate", ""),
  CHECK_DEPLOY(
      "check-deploy", "--lms.migrations.version=<the highest version the rollout applies>"),
  VERIFY("verify", "[--lms.migrations.verify.database=<scratch database>]"),
  MARK_APPLIED("mark-applied", "--lms.migrations.name=<migration>"),
  MARK_PENDING("mark-pending", "--lms.migrations.name=<migration>"),
  ACCEPT_CHANGE("accept-change", "--lms.migrations.name=<migration>"),
  COMPARE("compare", "--lms.migrations.compare.database=<database, or with tenants a tenant>"),
  PAUSE("pause", "--lms.migrations.name=<background migration>"),
  RESUME("resume", "--lms.migrations.name=<background migration>"),
  ROLLBACK_IN_BACKGROUND("rollback-in-background", "--lms.migrations.name=<background migration>"),
  THROTTLE(
      "throttle",
      "--lms.migrations.name=<background migration> --lms.migrations.max-per-second=<n>"
          + " (0: its own limit)"),
  IMPORT(
      "import",
      "--lms.migrations.import.from=mongock|mongobee|migrate-mongo|flyway"
          + " [--lms.migrations.dry-run=true]"),
  CREATE(
      "create",
      "--lms.migrations.name=<migration> [--lms.migrations.version=<n>]"
          + " [--lms.migrations.create.directory=src/main/java]"
          + " [--lms.migrations.create.package-name=<package>]");

  private final String text;
  private final String arguments;

  MigrationCommand(String text, String arguments) {
    this.text = text;
    this.arguments = arguments;
  }

  /** {@return the command's name on the command line} */
  String text() {
    return text;
  }

  static MigrationCommand parse(String text) {
    String given = text.trim();
    return Arrays.stream(values())
        .filter(command -> command.text.equals(given))
        .findFirst()
        .orElseThrow(
            () -> new CommandUsageException("Unknown command '" + text + "'" + suggestion(given)));
  }

  /** {@code "; did you mean 'status'?"} for a command a few edits away, nothing otherwise. */
  private static String suggestion(String given) {
    String typed = given.toLowerCase(Locale.ROOT);
    List<String> names = Arrays.stream(values()).map(MigrationCommand::text).toList();
    return ClosestName.closest(typed, names)
        .filter(name -> ClosestName.distance(typed, name) <= Math.max(2, name.length() / 3))
        .map(name -> "; did you mean '" + name + "'?")
        .orElse("");
  }

  static String usage() {
    return "Usage: java -jar app.jar --lms.migrations.command=<command> [arguments]\nCommands:\n"
        + Arrays.stream(values())
            .map(
                command ->
                    String.format("  %-13s %s", command.text, command.arguments).stripTrailing())
            .collect(Collectors.joining("\n"))
        + "\n"
        + """
        With tenants (lms.migrations.tenants.* or a MigrationTenants bean), every command
        but create takes [--lms.migrations.tenant=<tenant>] to run on that tenant only.
        Without it, status sums up every tenant, migrate migrates every tenant as startup
        does, validate, import, pause, resume and throttle run on each tenant in turn, and
        the other commands refuse to run.""";
  }
}
