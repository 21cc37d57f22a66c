package com.lms.migrations.cli;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.startup.MigrationStartupStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The commands on one database: the application's, or one tenant's. Each command is a {@link
 * DatabaseCommand} of its own; this class picks it and checks its arguments.
 */
final class DatabaseCommands {

  private final CommandDatabase database;

  /**
   * Commands on one database.
   *
   * @param runner the runner of that database
   * @param properties the command and its arguments
   * @param mongoTemplate a template on that database (the source for {@code verify})
   * @param scratchTemplates makes a template on another database of the same server
   * @param startupStrategy what {@code migrate} does, as at startup
   * @param importSource the history {@code import} imports, or {@code null}
   * @param dryRun whether {@code import} only prints its mapping
   * @param tenant the tenant whose database it is, or {@code null} for the application's
   * @param tenants every tenant's database, which {@code verify} never uses as scratch database
   */
  DatabaseCommands(
      MigrationRunner runner,
      MigrationCommandProperties properties,
      Supplier<MongoTemplate> mongoTemplate,
      Function<String, MongoTemplate> scratchTemplates,
      MigrationStartupStrategy startupStrategy,
      @Nullable HistorySource importSource,
      boolean dryRun,
      @Nullable String tenant,
      Supplier<List<String>> tenants) {
    this.database =
        new CommandDatabase(
            runner,
            new CommandArguments(properties, runner),
            mongoTemplate,
            scratchTemplates,
            startupStrategy,
            importSource,
            dryRun,
            tenant,
            tenants);
  }

  /**
   * Runs a command on this database.
   *
   * @return the exit code
   * @throws CommandUsageException when an argument is missing or wrong
   */
  int execute(MigrationCommand command, PrintStream out, PrintStream err) throws IOException {
    return of(command).run(database, out, err);
  }

  private static DatabaseCommand of(MigrationCommand command) {
    return switch (command) {
      case STATUS -> new StatusCommand();
      case MIGRATE -> new MigrateCommand();
      case ROLLBACK -> RollbackCommand.ONE;
      case ROLLBACK_TO -> RollbackCommand.TO_VERSION;
      case VALIDATE -> new ValidateCommand();
      case CHECK_DEPLOY -> new CheckDeployCommand();
      case VERIFY -> new VerifyCommand();
      case MARK_APPLIED -> MarkCommand.APPLIED;
      case MARK_PENDING -> MarkCommand.PENDING;
      case ACCEPT_CHANGE -> new AcceptChangeCommand();
      case COMPARE -> new CompareCommand();
      case PAUSE -> BackgroundControlCommand.PAUSE;
      case RESUME -> BackgroundControlCommand.RESUME;
      case ROLLBACK_IN_BACKGROUND -> BackgroundControlCommand.ROLLBACK;
      case THROTTLE -> BackgroundControlCommand.THROTTLE;
      case CREATE -> new CreateCommand();
      case IMPORT -> new ImportCommand();
    };
  }

  /**
   * Checks the arguments of a command, without reading the database, so that a command run on every
   * tenant in turn is refused before it changes any.
   *
   * @throws CommandUsageException when an argument is missing or wrong
   */
  void checkArguments(MigrationCommand command) {
    CommandArguments arguments = database.arguments();
    switch (command) {
      case ROLLBACK, MARK_APPLIED, MARK_PENDING, ACCEPT_CHANGE, CREATE -> arguments.requireName();
      case COMPARE -> arguments.requireCompareDatabase();
      case ROLLBACK_TO, CHECK_DEPLOY -> arguments.requireVersion();
      case PAUSE, RESUME, ROLLBACK_IN_BACKGROUND -> arguments.requireBackgroundName();
      case THROTTLE -> {
        arguments.requireBackgroundName();
        arguments.requireMaxPerSecond();
      }
      case IMPORT -> database.requireImportSource();
      case STATUS, MIGRATE, VALIDATE, VERIFY -> {}
    }
  }
}
