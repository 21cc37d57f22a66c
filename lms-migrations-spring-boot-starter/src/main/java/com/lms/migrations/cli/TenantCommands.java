package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.DatabaseNames;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.startup.MigrationStartupResult;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import com.lms.migrations.tenant.UnknownTenantException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The commands when there are tenants: on one tenant named by {@code --lms.migrations.tenant}, or
 * without it on every tenant, as far as that is safe:
 *
 * <ul>
 *   <li>{@code status} sums up every tenant, one row each, then the totals;
 *   <li>{@code migrate} runs the startup strategy for every tenant, with the tenants' parallelism
 *       and fail-fast, and reports each tenant; any failed or skipped tenant makes it fail;
 *   <li>{@code validate}, {@code import}, {@code pause}, {@code resume} and {@code throttle} run on
 *       each tenant in turn: they only read, or do what startup does for each tenant anyway, or are
 *       undone by the opposite command;
 *   <li>{@code rollback}, {@code rollback-to}, {@code rollback-in-background}, {@code
 *       mark-applied}, {@code mark-pending}, {@code accept-change}, {@code compare} and {@code
 *       verify} are refused: they undo or overwrite one database's data or history, or copy all of
 *       it, which is not done to every tenant by leaving out an option;
 *   <li>{@code create} reads no database, and runs as without tenants (it takes no tenant).
 * </ul>
 */
final class TenantCommands {

  private static final String TENANT_OPTION = "--lms.migrations.tenant=<tenant>";

  private final TenantMigrations tenants;
  private final MigrationStartupStrategy startupStrategy;
  private final DatabaseCommands application;
  private final BiFunction<String, MigrationRunner, DatabaseCommands> commands;

  /**
   * The commands on the tenants.
   *
   * @param tenants the tenants
   * @param startupStrategy what {@code migrate} does for each tenant, as at startup
   * @param application the commands on the application's database, to check arguments and to run
   *     {@code create}, which reads no database
   * @param commands the commands on one tenant's database, given the tenant and its runner
   */
  TenantCommands(
      TenantMigrations tenants,
      MigrationStartupStrategy startupStrategy,
      DatabaseCommands application,
      BiFunction<String, MigrationRunner, DatabaseCommands> commands) {
    this.tenants = tenants;
    this.startupStrategy = startupStrategy;
    this.application = application;
    this.commands = commands;
  }

  /**
   * Runs a command on one tenant.
   *
   * @throws CommandUsageException when the name is not a valid database name or not a tenant
   */
  int onTenant(String tenant, MigrationCommand command, PrintStream out, PrintStream err)
      throws IOException {
    try {
      DatabaseNames.requireValid(tenant);
    } catch (InvalidDatabaseNameException e) {
      throw new CommandUsageException(e.getMessage());
    }
    MigrationRunner runner;
    try {
      runner = tenants.runner(tenant);
    } catch (UnknownTenantException e) {
      throw new CommandUsageException(e.getMessage());
    }
    return commands.apply(tenant, runner).execute(command, out, err);
  }

  /**
   * Runs a command given no tenant.
   *
   * @throws CommandUsageException for a command that needs a tenant
   */
  int onEveryTenant(MigrationCommand command, PrintStream out, PrintStream err) throws IOException {
    return switch (command) {
      case STATUS -> status(out);
      case MIGRATE -> migrate(out, err);
      case VALIDATE, CHECK_DEPLOY, IMPORT, PAUSE, RESUME, THROTTLE -> eachInTurn(command, out, err);
      // Reads no database: a new migration is for every tenant.
      case CREATE -> application.execute(command, out, err);
      case ROLLBACK,
          ROLLBACK_TO,
          ROLLBACK_IN_BACKGROUND,
          MARK_APPLIED,
          MARK_PENDING,
          ACCEPT_CHANGE,
          COMPARE,
          VERIFY ->
          throw new CommandUsageException(
              "Command '"
                  + command.text()
                  + "' needs "
                  + TENANT_OPTION
                  + ": it runs on one tenant at a time; the tenants are "
                  + list(tenants.tenants()));
    };
  }

  /** One row per tenant, then the totals. */
  private int status(PrintStream out) {
    Map<String, MigrationsInfo> infos = new LinkedHashMap<>();
    tenants.runners().forEach((tenant, runner) -> infos.put(tenant, runner.info()));
    if (infos.isEmpty()) {
      out.println(noTenants());
      return EXIT_OK;
    }
    out.print(StatusTable.renderTenants(infos));
    long upToDate = infos.values().stream().filter(info -> info.pending().isEmpty()).count();
    long pending = infos.values().stream().mapToLong(info -> info.pending().size()).sum();
    List<String> failed = tenantsWhere(infos, info -> !info.failed().isEmpty());
    List<String> locked = tenantsWhere(infos, info -> info.lock().isPresent());
    out.println(
        "Tenants: "
            + infos.size()
            + ", up to date: "
            + upToDate
            + ", pending migrations: "
            + pending
            + ", tenants with a failed migration: "
            + (failed.isEmpty() ? "none" : String.join(", ", failed))
            + (locked.isEmpty() ? "" : ", lock held now in: " + String.join(", ", locked)));
    return EXIT_OK;
  }

  /**
   * What startup does, for every tenant: {@code parallelism} at a time, stopping at the first
   * failure with fail-fast. Each tenant's line is printed once all are done, in listing order.
   */
  private int migrate(PrintStream out, PrintStream err) {
    List<String> names = tenants.tenants();
    if (names.isEmpty()) {
      out.println(noTenants());
      return EXIT_OK;
    }
    Map<String, MigrateCommand.Migrated> runs = new ConcurrentHashMap<>();
    TenantRunReport report =
        tenants.forEach(
            names,
            runner -> {
              MigrateCommand.Migrated migrated =
                  MigrateCommand.Migrated.run(runner, startupStrategy);
              runs.put(runner.getDatabaseName(), migrated);
              return migrated.result().map(MigrationStartupResult::applied).orElse(List.of());
            });
    long pending = 0;
    List<String> unread = new ArrayList<>();
    for (TenantOutcome outcome : report.outcomes()) {
      String tenant = outcome.tenant();
      Throwable failure = outcome.failure();
      if (failure != null) {
        err.println("Error: tenant '" + tenant + "': " + MigrationCommandRunner.describe(failure));
      }
      MigrationsInfo after = read(tenant, err);
      if (after == null) {
        unread.add(tenant);
      } else {
        pending += after.pending().size();
      }
      String line =
          switch (outcome.state()) {
            case SUCCEEDED ->
                after == null
                    ? "Done, but its migrations could not be read afterwards (the error is on"
                        + " stderr)."
                    : MigrateCommand.migratedLine(Objects.requireNonNull(runs.get(tenant)), after);
            case FAILED -> "Failed (the error is on stderr)." + state(after);
            case NOT_STARTED ->
                "Not started: another tenant failed first and lms.migrations.tenants.fail-fast is"
                    + " on."
                    + state(after);
          };
      out.println("Tenant '" + tenant + "': " + line);
    }
    boolean dryRun =
        runs.values().stream()
            .anyMatch(run -> run.result().map(MigrationStartupResult::dryRun).orElse(false));
    out.println(total(report, dryRun, pending, unread));
    return report.succeeded() ? EXIT_OK : EXIT_FAILED;
  }

  /** The last line of {@code migrate} on every tenant. */
  private static String total(
      TenantRunReport report, boolean dryRun, long pending, List<String> unread) {
    int all = report.outcomes().size();
    int succeeded = all - report.failed().size() - report.notStarted().size();
    StringBuilder line = new StringBuilder(dryRun ? "Dry run, nothing was changed: " : "");
    line.append(succeeded)
        .append(" of ")
        .append(all)
        .append(all == 1 ? " tenant " : " tenants ")
        .append(dryRun ? "checked" : "succeeded");
    if (!report.failed().isEmpty()) {
      line.append("; failed: ").append(String.join(", ", tenantsOf(report.failed())));
    }
    if (!report.notStarted().isEmpty()) {
      line.append("; not started: ").append(String.join(", ", tenantsOf(report.notStarted())));
    }
    line.append(". ");
    if (!unread.isEmpty()) {
      line.append("Pending migrations: ")
          .append(pending)
          .append(" in the tenants read (not read: ")
          .append(String.join(", ", unread))
          .append(").");
    } else if (pending == 0) {
      line.append("Every tenant is up to date.");
    } else {
      line.append("Pending migrations: ").append(pending).append(" in all.");
    }
    return line.toString();
  }

  /**
   * Runs a command on each tenant in turn, each under a line naming it; a tenant that fails does
   * not stop the others. The arguments are checked first, before any tenant is changed.
   */
  private int eachInTurn(MigrationCommand command, PrintStream out, PrintStream err)
      throws IOException {
    application.checkArguments(command);
    Map<String, MigrationRunner> runners = tenants.runners();
    if (runners.isEmpty()) {
      out.println(noTenants());
      return EXIT_OK;
    }
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, MigrationRunner> each : runners.entrySet()) {
      String tenant = each.getKey();
      out.println("Tenant '" + tenant + "':");
      int code;
      try {
        code = commands.apply(tenant, each.getValue()).execute(command, out, err);
      } catch (CommandUsageException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        err.println("Error: tenant '" + tenant + "': " + MigrationCommandRunner.describe(e));
        code = EXIT_FAILED;
      }
      if (code != EXIT_OK) {
        failed.add(tenant);
      }
    }
    int all = runners.size();
    out.println(
        "Command '"
            + command.text()
            + "' "
            + (failed.isEmpty()
                ? "succeeded for " + (all == 1 ? "the only tenant." : "all " + all + " tenants.")
                : "succeeded for "
                    + (all - failed.size())
                    + " of "
                    + all
                    + " tenants; failed for: "
                    + String.join(", ", failed)
                    + "."));
    return failed.isEmpty() ? EXIT_OK : EXIT_FAILED;
  }

  /** A tenant's state after {@code migrate}: its summary and failed migrations, if read. */
  private static String state(@Nullable MigrationsInfo info) {
    if (info == null) {
      return "";
    }
    List<String> failed = info.failed().stream().map(MigrationStatus::name).toList();
    return " "
        + CommandReport.summary(info)
        + (failed.isEmpty() ? "" : ", failed: " + String.join(", ", failed));
  }

  /** A tenant's state, or {@code null} (the error on stderr) when it cannot be read. */
  private @Nullable MigrationsInfo read(String tenant, PrintStream err) {
    try {
      return tenants.runnerFor(tenant).info();
    } catch (RuntimeException e) {
      err.println(
          "Error: tenant '"
              + tenant
              + "': its migrations could not be read: "
              + MigrationCommandRunner.describe(e));
      return null;
    }
  }

  private String noTenants() {
    return "No tenant: " + tenants.getSource().description() + " list none.";
  }

  private static List<String> tenantsWhere(
      Map<String, MigrationsInfo> infos, Predicate<MigrationsInfo> test) {
    return infos.entrySet().stream()
        .filter(entry -> test.test(entry.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static List<String> tenantsOf(List<TenantOutcome> outcomes) {
    return outcomes.stream().map(TenantOutcome::tenant).toList();
  }

  private static String list(List<String> names) {
    return names.isEmpty() ? "(none)" : String.join(", ", names);
  }
}
