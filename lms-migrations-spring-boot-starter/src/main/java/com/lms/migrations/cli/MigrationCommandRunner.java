package com.lms.migrations.cli;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.ReversibilityCheck;
import com.lms.migrations.ReversibilityReport;
import com.lms.migrations.ValidationResult;
import com.lms.migrations.autoconfigure.MigrationStartupStrategy;
import com.lms.migrations.autoconfigure.MigrationsProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The command-line mode: with {@code --lms.migrations.command=<command>}, runs that one command
 * instead of starting the application, prints its result and exits: 0 on success, 1 when the
 * command failed (the error on stderr), 2 for a usage error.
 */
public class MigrationCommandRunner implements ApplicationRunner, Ordered {

  /** The command succeeded. */
  public static final int EXIT_OK = 0;

  /** The command failed; the error is on stderr. */
  public static final int EXIT_FAILED = 1;

  /** The command line is wrong; the usage is on stderr. */
  public static final int EXIT_USAGE = 2;

  private final MigrationRunner runner;
  private final MigrationsProperties properties;
  private final MongoTemplate mongoTemplate;
  private final Function<String, MongoTemplate> scratchTemplates;
  private final MigrationCommandExit exit;
  private final MigrationStartupStrategy startupStrategy;

  /**
   * Creates the command runner.
   *
   * @param runner the migration runner
   * @param properties the command and its arguments
   * @param mongoTemplate the application's template (the source for {@code verify})
   * @param scratchTemplates makes a template on another database of the same server
   * @param exit ends the process with the command's exit code
   * @param startupStrategy what {@code migrate} does, as at startup
   */
  public MigrationCommandRunner(
      MigrationRunner runner,
      MigrationsProperties properties,
      MongoTemplate mongoTemplate,
      Function<String, MongoTemplate> scratchTemplates,
      MigrationCommandExit exit,
      MigrationStartupStrategy startupStrategy) {
    this.runner = runner;
    this.properties = properties;
    this.mongoTemplate = mongoTemplate;
    this.scratchTemplates = scratchTemplates;
    this.exit = exit;
    this.startupStrategy = startupStrategy;
  }

  @Override
  public void run(ApplicationArguments args) {
    exit.exit(execute(System.out, System.err));
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
    } catch (MigrationException e) {
      err.println("Error: " + e.getMessage());
      return EXIT_FAILED;
    } catch (IOException | RuntimeException e) {
      err.println("Error: " + e);
      return EXIT_FAILED;
    }
  }

  private int execute(MigrationCommand command, PrintStream out, PrintStream err)
      throws IOException {
    switch (command) {
      case STATUS -> {
        out.print(StatusTable.render(runner.getStatuses()));
        out.println(summary());
        return EXIT_OK;
      }
      case MIGRATE -> {
        // The same strategy as startup: baseline, validation, dry run and target version apply.
        List<MigrationStatus> before = runner.getStatuses();
        startupStrategy.migrate(runner);
        List<MigrationStatus> after = runner.getStatuses();
        printChanged(
            "Applied", after.stream().filter(status -> !before.contains(status)).toList(), out);
        return EXIT_OK;
      }
      case ROLLBACK -> {
        out.print(StatusTable.render(List.of(runner.down(requireName(), null))));
        out.println(summary());
        return EXIT_OK;
      }
      case ROLLBACK_TO -> {
        printChanged("Rolled back", runner.rollbackTo(requireVersion(), null), out);
        return EXIT_OK;
      }
      case VALIDATE -> {
        return validate(out, err);
      }
      case VERIFY -> {
        return verify(out);
      }
      case MARK_APPLIED -> {
        out.print(StatusTable.render(List.of(runner.markApplied(requireName(), null))));
        return EXIT_OK;
      }
      case MARK_PENDING -> {
        out.print(StatusTable.render(List.of(runner.markPending(requireName(), null))));
        return EXIT_OK;
      }
      case CREATE -> {
        return create(out);
      }
    }
    throw new IllegalStateException("Unhandled command " + command);
  }

  private int validate(PrintStream out, PrintStream err) {
    ValidationResult result = runner.validate();
    result.warnings().forEach(warning -> out.println("Warning: " + warning));
    if (result.isValid()) {
      out.println(
          "Valid: the "
              + runner.getMigrations().size()
              + " registered migrations match the recorded history.");
      return EXIT_OK;
    }
    result.errors().forEach(error -> err.println("Error: " + error));
    return EXIT_FAILED;
  }

  private int verify(PrintStream out) {
    String database = properties.getVerify().getDatabase();
    if (database == null || database.isBlank()) {
      database = mongoTemplate.getDb().getName() + "_lms_verify";
    }
    MongoTemplate scratch = scratchTemplates.apply(database);
    out.println("Checking rollbacks in scratch database '" + database + "' (dropped first)...");
    ReversibilityReport report;
    try {
      report =
          ReversibilityCheck.of(runner.getMigrations())
              .settings(runner.getSettings())
              .copyFrom(mongoTemplate)
              .run(scratch);
    } finally {
      scratch.getDb().drop();
    }
    if (report.checks().isEmpty()) {
      out.println("No pending migration to check.");
      return EXIT_OK;
    }
    out.println(report.describe());
    out.println(
        report.isReversible()
            ? "Every pending migration is reversible."
            : "Some migrations are not reversible: their down does not restore the data.");
    return report.isReversible() ? EXIT_OK : EXIT_FAILED;
  }

  private int create(PrintStream out) throws IOException {
    String name = requireName();
    List<Migration> migrations = runner.getMigrations();
    int version =
        properties.getVersion() == null
            ? migrations.stream().mapToInt(Migration::version).max().orElse(0) + 1
            : requireVersion();
    String packageName = properties.getCreate().getPackageName();
    if (packageName == null || packageName.isBlank()) {
      packageName =
          migrations.stream()
              .max(Comparator.comparingInt(Migration::version))
              .map(migration -> migration.getClass().getPackageName())
              .orElseThrow(
                  () ->
                      new CommandUsageException(
                          "No migration exists yet to take the package from; set"
                              + " --lms.migrations.create.package-name=<package>"));
    }
    Path file =
        MigrationClassWriter.write(
            Path.of(properties.getCreate().getDirectory()), packageName, name, version);
    out.println("Created " + file + " (version " + version + ")");
    return EXIT_OK;
  }

  private void printChanged(String verb, List<MigrationStatus> changed, PrintStream out) {
    if (changed.isEmpty()) {
      out.println("Nothing to do. " + summary());
      return;
    }
    out.print(StatusTable.render(changed));
    out.println(
        verb
            + " "
            + changed.size()
            + " migration"
            + (changed.size() == 1 ? "" : "s")
            + ". "
            + summary());
  }

  private String summary() {
    List<MigrationStatus> statuses = runner.getStatuses();
    long pending = statuses.stream().filter(status -> !status.isApplied()).count();
    return "Current version: " + runner.getCurrentVersion() + ", pending: " + pending;
  }

  private String requireName() {
    String name = properties.getName();
    if (name == null || name.isBlank()) {
      throw new CommandUsageException(
          "Command '" + properties.getCommand() + "' needs --lms.migrations.name=<migration>");
    }
    return name;
  }

  private int requireVersion() {
    String version = properties.getVersion();
    if (version == null || version.isBlank()) {
      throw new CommandUsageException(
          "Command '" + properties.getCommand() + "' needs --lms.migrations.version=<n>");
    }
    try {
      int value = Integer.parseInt(version.trim());
      if (value < 0) {
        throw new CommandUsageException("Version must be 0 or more but was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new CommandUsageException("Version must be a whole number but was '" + version + "'");
    }
  }
}
