package com.lms.migrations.cli;

import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.lms.migrations.tenant.TenantMigrations;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The command-line mode: with {@code --lms.migrations.command=<command>}, runs that one command
 * instead of starting the application, prints its result and exits: 0 on success, 1 when the
 * command failed (the error on stderr), 2 for a usage error. The report goes to stdout; errors and
 * console logging go to stderr, so that stdout can be read by a script.
 *
 * <p>With tenants, {@code --lms.migrations.tenant=<tenant>} runs the command on that tenant's
 * database. Without it, {@code status} summarises every tenant, {@code migrate} migrates every
 * tenant as startup does, {@code validate}, {@code import}, {@code pause}, {@code resume} and
 * {@code throttle} run on each tenant in turn, and the commands that roll back, repair or copy one
 * database's data refuse to run (a usage error listing the tenants).
 */
public class MigrationCommandRunner implements ApplicationRunner, Ordered {

  /** The command succeeded. */
  public static final int EXIT_OK = 0;

  /** The command failed; the error is on stderr. */
  public static final int EXIT_FAILED = 1;

  /** The command line is wrong; the usage is on stderr. */
  public static final int EXIT_USAGE = 2;

  private final MigrationRunner runner;
  private final MigrationCommandProperties properties;
  private final MongoTemplate mongoTemplate;
  private final Function<String, MongoTemplate> scratchTemplates;
  private final MigrationCommandExit exit;
  private final MigrationStartupStrategy startupStrategy;
  private final @Nullable HistorySource importSource;
  private final boolean dryRun;
  private final @Nullable TenantMigrations tenants;

  /**
   * Creates the command runner.
   *
   * @param runner the migration runner
   * @param properties the command and its arguments
   * @param mongoTemplate a template on the database the migrations run against, on their connection
   *     (the source for {@code verify})
   * @param scratchTemplates makes a template on another database of the same server
   * @param exit ends the process with the command's exit code
   * @param startupStrategy what {@code migrate} does, as at startup
   */
  public MigrationCommandRunner(
      MigrationRunner runner,
      MigrationCommandProperties properties,
      MongoTemplate mongoTemplate,
      Function<String, MongoTemplate> scratchTemplates,
      MigrationCommandExit exit,
      MigrationStartupStrategy startupStrategy) {
    this(runner, properties, mongoTemplate, scratchTemplates, exit, startupStrategy, null, false);
  }

  /**
   * Creates the command runner, with what the {@code import} command imports.
   *
   * @param runner the migration runner
   * @param properties the command and its arguments
   * @param mongoTemplate a template on the database the migrations run against, on their connection
   *     (the source for {@code verify})
   * @param scratchTemplates makes a template on another database of the same server
   * @param exit ends the process with the command's exit code
   * @param startupStrategy what {@code migrate} does, as at startup
   * @param importSource the history {@code import} imports ({@code lms.migrations.import.*}), or
   *     {@code null} when none is configured
   * @param dryRun whether {@code import} only prints its mapping ({@code lms.migrations.dry-run})
   */
  public MigrationCommandRunner(
      MigrationRunner runner,
      MigrationCommandProperties properties,
      MongoTemplate mongoTemplate,
      Function<String, MongoTemplate> scratchTemplates,
      MigrationCommandExit exit,
      MigrationStartupStrategy startupStrategy,
      @Nullable HistorySource importSource,
      boolean dryRun) {
    this(
        runner,
        properties,
        mongoTemplate,
        scratchTemplates,
        exit,
        startupStrategy,
        importSource,
        dryRun,
        null);
  }

  /**
   * Creates the command runner, for the application's database or for every tenant.
   *
   * @param runner the migration runner; with tenants, each tenant's runner copies it
   * @param properties the command and its arguments
   * @param mongoTemplate a template on the database the migrations run against, on their connection
   *     (the source for {@code verify} without tenants)
   * @param scratchTemplates makes a template on another database of the same server (a tenant's
   *     too)
   * @param exit ends the process with the command's exit code
   * @param startupStrategy what {@code migrate} does, as at startup, for each tenant with tenants
   * @param importSource the history {@code import} imports ({@code lms.migrations.import.*}), or
   *     {@code null} when none is configured
   * @param dryRun whether {@code import} only prints its mapping ({@code lms.migrations.dry-run})
   * @param tenants the tenants, or {@code null} when there are none
   */
  public MigrationCommandRunner(
      MigrationRunner runner,
      MigrationCommandProperties properties,
      MongoTemplate mongoTemplate,
      Function<String, MongoTemplate> scratchTemplates,
      MigrationCommandExit exit,
      MigrationStartupStrategy startupStrategy,
      @Nullable HistorySource importSource,
      boolean dryRun,
      @Nullable TenantMigrations tenants) {
    this.runner = runner;
    this.properties = properties;
    this.mongoTemplate = mongoTemplate;
    this.scratchTemplates = scratchTemplates;
    this.exit = exit;
    this.startupStrategy = startupStrategy;
    this.importSource = importSource;
    this.dryRun = dryRun;
    this.tenants = tenants;
  }

  @Override
  public void run(ApplicationArguments args) {
    int code = execute(CommandConsole.report(), System.err);
    try {
      exit.exit(code); // ends the process; returns only where the exit is replaced (tests)
    } finally {
      CommandConsole.restore();
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  int execute(PrintStream out, PrintStream err) {
    try {
      return execute(MigrationCommand.parse(properties.getCommand()), out, err);
    } catch (CommandUsageException e) {
      err.println("Error: " + e.getMessage());
      err.println(MigrationCommand.usage());
      return EXIT_USAGE;
    } catch (IOException | RuntimeException e) {
      err.println("Error: " + describe(e));
      return EXIT_FAILED;
    }
  }

  private int execute(MigrationCommand command, PrintStream out, PrintStream err)
      throws IOException {
    String tenant = properties.getTenant();
    if (tenant != null) {
      if (tenants == null) {
        throw new CommandUsageException(
            "There are no tenants (neither lms.migrations.tenants.databases nor"
                + " lms.migrations.tenants.pattern is set, and there is no MigrationTenants bean);"
                + " leave out --lms.migrations.tenant");
      }
      if (command == MigrationCommand.CREATE) {
        throw new CommandUsageException(
            "Command 'create' reads no database: a new migration is for every tenant; leave out"
                + " --lms.migrations.tenant");
      }
      return tenantCommands(tenants).onTenant(tenant, command, out, err);
    }
    if (tenants == null) {
      return application().execute(command, out, err);
    }
    return tenantCommands(tenants).onEveryTenant(command, out, err);
  }

  /** The commands on the application's database (the migrations' database without tenants). */
  private DatabaseCommands application() {
    return new DatabaseCommands(
        runner,
        properties,
        () -> mongoTemplate,
        scratchTemplates,
        startupStrategy,
        importSource,
        dryRun,
        null,
        List::of);
  }

  private TenantCommands tenantCommands(TenantMigrations tenants) {
    Supplier<List<String>> names = tenants::tenants;
    return new TenantCommands(
        tenants,
        startupStrategy,
        application(),
        (tenant, tenantRunner) ->
            new DatabaseCommands(
                tenantRunner,
                properties,
                () -> scratchTemplates.apply(tenant),
                scratchTemplates,
                startupStrategy,
                importSource,
                dryRun,
                tenant,
                names));
  }

  /**
   * A failure as the command line reports it.
   *
   * @param failure what failed
   * @return the message with the advice of {@link FailureAdvice} for the migrations' own failures;
   *     the exception itself for anything else
   */
  static String describe(Throwable failure) {
    return failure instanceof MigrationException
            || failure instanceof ScratchDatabaseRefusedException
        ? FailureAdvice.describe(failure)
        : failure.toString();
  }
}
