package com.lms.migrations.cli;

import com.lms.migrations.BackgroundMigration;
import com.lms.migrations.BackgroundProgress;
import com.lms.migrations.BackgroundState;
import com.lms.migrations.HistorySource;
import com.lms.migrations.ImportPlan;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.ValidationResult;
import com.lms.migrations.autoconfigure.FailureAdvice;
import com.lms.migrations.autoconfigure.MigrationStartupResult;
import com.lms.migrations.autoconfigure.MigrationStartupStrategy;
import com.lms.migrations.verify.ReversibilityCheck;
import com.lms.migrations.verify.ReversibilityReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
   * @param mongoTemplate the application's template (the source for {@code verify})
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
    this.runner = runner;
    this.properties = properties;
    this.mongoTemplate = mongoTemplate;
    this.scratchTemplates = scratchTemplates;
    this.exit = exit;
    this.startupStrategy = startupStrategy;
    this.importSource = importSource;
    this.dryRun = dryRun;
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
    } catch (MigrationException | ScratchDatabaseRefusedException e) {
      err.println("Error: " + FailureAdvice.describe(e));
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
        MigrationsInfo info = runner.info();
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
        out.println(summary(info));
        return EXIT_OK;
      }
      case MIGRATE -> {
        return migrate(out);
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
        return markApplied(out);
      }
      case MARK_PENDING -> {
        return markPending(out);
      }
      case PAUSE -> {
        return pause(out);
      }
      case RESUME -> {
        return resume(out);
      }
      case ROLLBACK_IN_BACKGROUND -> {
        return rollbackInBackground(out);
      }
      case THROTTLE -> {
        return throttle(out);
      }
      case CREATE -> {
        return create(out);
      }
      case IMPORT -> {
        return importHistory(out);
      }
    }
    throw new IllegalStateException("Unhandled command " + command);
  }

  private int migrate(PrintStream out) {
    // The same strategy as startup: baseline, validation, dry run and target version apply.
    List<MigrationStatus> before = runner.getStatuses();
    Optional<MigrationStartupResult> result = startupStrategy.migrateAndReport(runner);
    if (result.isPresent() && result.get().dryRun()) {
      printPlan(result.get().plan(), out);
      return EXIT_OK;
    }
    List<MigrationStatus> changed = changedSince(before);
    if (result.isEmpty()) {
      // A strategy that does not report: all we know is what changed.
      printChanged("Applied", changed, out);
      return EXIT_OK;
    }
    Set<String> mine = new HashSet<>();
    result.get().baselined().forEach(status -> mine.add(status.name()));
    result.get().applied().forEach(status -> mine.add(status.name()));
    List<MigrationStatus> byOthers =
        changed.stream()
            .filter(status -> !mine.contains(status.name()) && status.isApplied())
            .toList();
    List<MigrationStatus> applied = result.get().applied();
    if (applied.isEmpty() && byOthers.isEmpty() && result.get().baselined().isEmpty()) {
      out.println("Nothing to do. " + summary());
      return EXIT_OK;
    }
    if (!result.get().baselined().isEmpty()) {
      out.print(StatusTable.render(result.get().baselined()));
      out.println(
          "Recorded "
              + count(result.get().baselined().size())
              + " as applied without running them (baseline or import).");
    }
    if (!applied.isEmpty()) {
      out.print(StatusTable.render(applied));
    }
    StringBuilder line = new StringBuilder("Applied ").append(count(applied.size()));
    if (!byOthers.isEmpty()) {
      line.append("; ")
          .append(byOthers.size())
          .append(byOthers.size() == 1 ? " was" : " were")
          .append(" applied by another instance meanwhile (")
          .append(String.join(", ", byOthers.stream().map(MigrationStatus::name).toList()))
          .append(")");
    }
    out.println(line.append(". ").append(summary()));
    return EXIT_OK;
  }

  private void printPlan(List<PlannedMigration> plan, PrintStream out) {
    if (plan.isEmpty()) {
      out.println("Dry run: no migration to apply; nothing was changed. " + summary());
      return;
    }
    out.println("Dry run: would apply, in this order:");
    plan.forEach(
        step ->
            out.println(
                "  "
                    + step.direction().name().toLowerCase(Locale.ROOT)
                    + " v"
                    + step.version()
                    + " "
                    + step.name()));
    out.println("Would apply " + count(plan.size()) + "; nothing was changed. " + summary());
  }

  private int markApplied(PrintStream out) {
    String name = requireName();
    Optional<MigrationStatus> current = runner.getStatus(name);
    if (current.isPresent() && current.get().isApplied()) {
      out.print(StatusTable.render(List.of(current.get())));
      out.println("Migration '" + name + "' is already applied; nothing changed.");
      return EXIT_OK;
    }
    out.print(StatusTable.render(List.of(runner.markApplied(name, null))));
    return EXIT_OK;
  }

  private int markPending(PrintStream out) {
    String name = requireName();
    Optional<MigrationStatus> current = runner.getStatus(name);
    if (current.isPresent() && current.get().status() == MigrationState.PENDING) {
      out.print(StatusTable.render(List.of(current.get())));
      out.println("Migration '" + name + "' is already pending; nothing changed.");
      return EXIT_OK;
    }
    out.print(StatusTable.render(List.of(runner.markPending(name, null))));
    return EXIT_OK;
  }

  /** Pause, resume and throttle are recorded in the database: whichever instance runs it obeys. */
  private int pause(PrintStream out) {
    String name = requireBackgroundName();
    BackgroundProgress progress = runner.background().pause(name);
    printProgress(progress, out);
    out.println(
        "Paused background migration '"
            + name
            + (progress.state() == BackgroundState.RUNNING
                ? "': it stops after its current batch, keeping its checkpoint."
                : "': no worker starts it until it is resumed."));
    return EXIT_OK;
  }

  private int resume(PrintStream out) {
    String name = requireBackgroundName();
    BackgroundProgress progress = runner.background().resume(name);
    printProgress(progress, out);
    out.println(
        "Resumed background migration '"
            + name
            + "': a worker carries it on from its last checkpoint when it next looks for work.");
    return EXIT_OK;
  }

  private int rollbackInBackground(PrintStream out) {
    String name = requireBackgroundName();
    BackgroundProgress progress = runner.background().rollback(name);
    printProgress(progress, out);
    out.println(
        "Queued the rollback of background migration '"
            + name
            + "': a worker runs its down to the end when it next looks for work, then leaves it"
            + " paused.");
    return EXIT_OK;
  }

  private int throttle(PrintStream out) {
    String name = requireBackgroundName();
    long maxPerSecond = requireMaxPerSecond();
    BackgroundProgress progress = runner.background().throttle(name, maxPerSecond);
    printProgress(progress, out);
    out.println(
        maxPerSecond == 0
            ? "Background migration '" + name + "' is back to its own limit from its next batch."
            : String.format(
                Locale.ROOT,
                "Throttled background migration '%s' to %,d documents per second from its next"
                    + " batch.",
                name,
                maxPerSecond));
    return EXIT_OK;
  }

  private static void printProgress(BackgroundProgress progress, PrintStream out) {
    out.print(StatusTable.render(List.of(progress.status()), List.of(progress)));
  }

  /** The name of a background migration; an unknown name is left to the runner to refuse. */
  private String requireBackgroundName() {
    String name = requireName();
    List<Migration> migrations = runner.getMigrations();
    boolean regular =
        migrations.stream()
            .anyMatch(
                migration ->
                    migration.name().equals(name) && !(migration instanceof BackgroundMigration));
    if (regular) {
      List<String> background =
          migrations.stream()
              .filter(BackgroundMigration.class::isInstance)
              .map(Migration::name)
              .toList();
      throw new CommandUsageException(
          "Migration '"
              + name
              + "' is not a background migration; only background migrations can be paused,"
              + " resumed or throttled ("
              + (background.isEmpty() ? "this application has none" : String.join(", ", background))
              + ")");
    }
    return name;
  }

  private long requireMaxPerSecond() {
    String value = properties.getMaxPerSecond();
    if (value == null || value.isBlank()) {
      throw new CommandUsageException(
          "Command 'throttle' needs --lms.migrations.max-per-second=<n>: the most documents per"
              + " second, or 0 to go back to the migration's own limit");
    }
    try {
      long maxPerSecond = Long.parseLong(value.trim());
      if (maxPerSecond < 0) {
        throw new CommandUsageException("Max per second must be 0 or more but was " + maxPerSecond);
      }
      return maxPerSecond;
    } catch (NumberFormatException e) {
      throw new CommandUsageException(
          "Max per second must be a whole number but was '" + value + "'");
    }
  }

  private List<MigrationStatus> changedSince(List<MigrationStatus> before) {
    Set<MigrationStatus> previous = new HashSet<>(before);
    return runner.getStatuses().stream().filter(status -> !previous.contains(status)).toList();
  }

  private static String count(int migrations) {
    return migrations + " migration" + (migrations == 1 ? "" : "s");
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
    result.errorFindings().forEach(error -> err.println("Error: " + FailureAdvice.describe(error)));
    return EXIT_FAILED;
  }

  /**
   * Prints the mapping of the other tool's changes to migrations, then imports unless a dry run.
   */
  private int importHistory(PrintStream out) {
    if (importSource == null) {
      throw new CommandUsageException(
          "Command 'import' needs"
              + " --lms.migrations.import.from=mongock|mongobee|migrate-mongo|flyway");
    }
    ImportPlan plan = runner.planImport(importSource);
    out.print(plan.table());
    if (!plan.table().endsWith("\n")) {
      out.println();
    }
    if (dryRun) {
      plan.problems().forEach(problem -> out.println("Would be refused: " + problem));
      out.println("Dry run: nothing was imported.");
      return plan.problems().isEmpty() ? EXIT_OK : EXIT_FAILED;
    }
    List<MigrationStatus> imported = runner.importHistory(importSource, null);
    if (imported.isEmpty() && plan.historyExists()) {
      out.println(
          "Nothing left to import: every mapped migration has a record already. " + summary());
      return EXIT_OK;
    }
    out.println(
        "Imported "
            + count(imported.size())
            + " from the "
            + importSource.tool().id()
            + " history in '"
            + importSource.collection()
            + "'. "
            + summary());
    return EXIT_OK;
  }

  private int verify(PrintStream out) {
    String appDatabase = mongoTemplate.getDb().getName();
    String defaultScratch = appDatabase + "_lms_verify";
    String database = properties.getVerify().getDatabase();
    if (database == null || database.isBlank()) {
      database = defaultScratch;
    }
    // Refuse before anything is created or dropped: the scratch database is dropped afterwards,
    // so it must be one this run creates.
    if (database.equals(appDatabase)) {
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + database
              + "': it is the application's own database, and verify drops its scratch database"
              + " when done. Choose another one with --lms.migrations.verify.database=<name>, or"
              + " leave it unset to use '"
              + defaultScratch
              + "'.");
    }
    MongoTemplate scratch = scratchTemplates.apply(database);
    List<String> existing = new ArrayList<>();
    scratch.getDb().listCollectionNames().forEach(existing::add);
    if (!existing.isEmpty()) {
      Collections.sort(existing);
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + database
              + "': it already exists and holds collections this run did not create ("
              + String.join(", ", existing)
              + "), and verify drops its scratch database when done. Drop it yourself if it is a"
              + " leftover scratch database, or choose another one with"
              + " --lms.migrations.verify.database=<name>.");
    }
    out.println(
        "Checking rollbacks in scratch database '"
            + database
            + "' (created for this check and dropped afterwards)...");
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

  /** Writes a new migration class. Reads only the registered migrations, never the database. */
  private int create(PrintStream out) throws IOException {
    String name = requireName();
    List<Migration> migrations = runner.getMigrations();
    int nextFree = migrations.stream().mapToInt(Migration::version).max().orElse(0) + 1;
    int version = properties.getVersion() == null ? nextFree : requireVersion();
    if (version < 1) {
      throw new CommandUsageException(
          "Version must be 1 or more for a new migration but was "
              + version
              + "; leave out --lms.migrations.version to use the next free version, "
              + nextFree);
    }
    for (Migration migration : migrations) {
      if (migration.version() == version) {
        throw new CommandUsageException(
            "Version "
                + version
                + " is already used by migration '"
                + migration.name()
                + "' ("
                + migration.getClass().getName()
                + "); leave out --lms.migrations.version to use the next free version, "
                + nextFree);
      }
      if (migration.name().equals(name)) {
        throw new CommandUsageException(
            "A migration named '"
                + name
                + "' already exists ("
                + migration.getClass().getName()
                + ", version "
                + migration.version()
                + "); choose another name");
      }
    }
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
    out.println(verb + " " + count(changed.size()) + ". " + summary());
  }

  private String summary() {
    return summary(runner.info());
  }

  private static String summary(MigrationsInfo info) {
    return "Current version: " + info.currentVersion() + ", pending: " + info.pending().size();
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
