package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.BackgroundMigration;
import com.lms.migrations.BackgroundProgress;
import com.lms.migrations.BackgroundState;
import com.lms.migrations.DatabaseNames;
import com.lms.migrations.HistorySource;
import com.lms.migrations.ImportPlan;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.ValidationFinding;
import com.lms.migrations.ValidationResult;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.startup.MigrationStartupResult;
import com.lms.migrations.startup.MigrationStartupStrategy;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The commands on one database: the application's, or one tenant's. Each prints its report to
 * {@code out} and returns the exit code; errors it finds in the database go to {@code err}, and
 * failures are thrown.
 */
final class DatabaseCommands {

  private final MigrationRunner runner;
  private final MigrationCommandProperties properties;
  private final Supplier<MongoTemplate> mongoTemplate;
  private final Function<String, MongoTemplate> scratchTemplates;
  private final MigrationStartupStrategy startupStrategy;
  private final @Nullable HistorySource importSource;
  private final boolean dryRun;
  private final @Nullable String tenant;
  private final Supplier<List<String>> tenants;

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
    this.runner = runner;
    this.properties = properties;
    this.mongoTemplate = mongoTemplate;
    this.scratchTemplates = scratchTemplates;
    this.startupStrategy = startupStrategy;
    this.importSource = importSource;
    this.dryRun = dryRun;
    this.tenant = tenant;
    this.tenants = tenants;
  }

  /**
   * Runs a command on this database.
   *
   * @return the exit code
   * @throws CommandUsageException when an argument is missing or wrong
   */
  int execute(MigrationCommand command, PrintStream out, PrintStream err) throws IOException {
    return switch (command) {
      case STATUS -> status(out);
      case MIGRATE -> migrate(out);
      case ROLLBACK -> rollback(out);
      case ROLLBACK_TO -> rollbackTo(out);
      case VALIDATE -> validate(out, err);
      case VERIFY -> verify(out);
      case MARK_APPLIED -> markApplied(out);
      case MARK_PENDING -> markPending(out);
      case PAUSE -> pause(out);
      case RESUME -> resume(out);
      case ROLLBACK_IN_BACKGROUND -> rollbackInBackground(out);
      case THROTTLE -> throttle(out);
      case CREATE -> create(out);
      case IMPORT -> importHistory(out);
    };
  }

  private int status(PrintStream out) {
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

  private int rollback(PrintStream out) {
    MigrationStatus rolledBack = runner.down(requireName(), null);
    out.print(StatusTable.render(List.of(rolledBack)));
    MigrationsInfo info = runner.info();
    List<MigrationStatus> above = info.appliedAbove(rolledBack.version());
    if (!above.isEmpty()) {
      out.println(
          "Applied migrations stay above it: "
              + above.stream()
                  .map(status -> status.name() + " (version " + status.version() + ")")
                  .collect(Collectors.joining(", "))
              + ". Apply it again, or roll those back too.");
    }
    out.println(summary(info));
    return EXIT_OK;
  }

  private int rollbackTo(PrintStream out) {
    printChanged("Rolled back", runner.rollbackTo(requireVersion(), null), out);
    return EXIT_OK;
  }

  private int migrate(PrintStream out) {
    // The same strategy as startup: baseline, validation, dry run and target version apply.
    Migrated migrated = Migrated.run(runner, startupStrategy);
    Optional<MigrationStartupResult> result = migrated.result();
    if (result.isPresent() && result.get().dryRun()) {
      printPlan(result.get().plan(), out);
      return EXIT_OK;
    }
    MigrationsInfo after = runner.info();
    List<MigrationStatus> changed = changedSince(migrated.before(), after);
    if (result.isEmpty()) {
      // A strategy that does not report: all we know is what changed.
      printChanged("Applied", changed, after, out);
      return EXIT_OK;
    }
    List<MigrationStatus> byOthers = byOthers(result.get(), changed);
    List<MigrationStatus> applied = result.get().applied();
    if (applied.isEmpty() && byOthers.isEmpty() && result.get().baselined().isEmpty()) {
      out.println("Nothing to do. " + summary(after));
      printBackgroundLeft(after, out);
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
    out.println(
        "Applied " + count(applied.size()) + byOthersText(byOthers) + ". " + summary(after));
    printBackgroundLeft(after, out);
    return EXIT_OK;
  }

  /**
   * What one run of the startup strategy did to a database, in one line, for the run over every
   * tenant: the same facts as {@code migrate} on one database prints, with names for tables.
   *
   * @param migrated the run
   * @param after the database read after the run
   * @return for example {@code Applied 2 migrations (seed_courses, rename_title). Current version:
   *     2, pending: 0}
   */
  static String migratedLine(Migrated migrated, MigrationsInfo after) {
    Optional<MigrationStartupResult> result = migrated.result();
    if (result.isPresent() && result.get().dryRun()) {
      List<PlannedMigration> plan = result.get().plan();
      return plan.isEmpty()
          ? "Dry run: no migration to apply; nothing was changed. " + summary(after)
          : "Dry run: would apply "
              + count(plan.size())
              + " ("
              + plan.stream().map(DatabaseCommands::describe).collect(Collectors.joining(", "))
              + "); nothing was changed. "
              + summary(after);
    }
    List<MigrationStatus> changed = changedSince(migrated.before(), after);
    if (result.isEmpty()) {
      return changed.isEmpty()
          ? "Nothing to do. " + summary(after)
          : "Applied " + count(changed.size()) + names(changed) + ". " + summary(after);
    }
    List<MigrationStatus> baselined = result.get().baselined();
    List<MigrationStatus> applied = result.get().applied();
    List<MigrationStatus> byOthers = byOthers(result.get(), changed);
    if (applied.isEmpty() && byOthers.isEmpty() && baselined.isEmpty()) {
      return "Nothing to do. " + summary(after);
    }
    return (baselined.isEmpty()
            ? ""
            : "Recorded "
                + count(baselined.size())
                + names(baselined)
                + " as applied without running them (baseline or import). ")
        + "Applied "
        + count(applied.size())
        + names(applied)
        + byOthersText(byOthers)
        + ". "
        + summary(after);
  }

  /** The migrations another instance applied while this one ran (waiting for the lock). */
  private static List<MigrationStatus> byOthers(
      MigrationStartupResult result, List<MigrationStatus> changed) {
    Set<String> mine = new HashSet<>();
    result.baselined().forEach(status -> mine.add(status.name()));
    result.applied().forEach(status -> mine.add(status.name()));
    return changed.stream()
        .filter(status -> !mine.contains(status.name()) && status.isApplied())
        .toList();
  }

  private static String byOthersText(List<MigrationStatus> byOthers) {
    return byOthers.isEmpty()
        ? ""
        : "; "
            + byOthers.size()
            + (byOthers.size() == 1 ? " was" : " were")
            + " applied by another instance meanwhile"
            + names(byOthers);
  }

  /** {@code " (a, b)"}, or nothing for no migration. */
  private static String names(List<MigrationStatus> statuses) {
    return statuses.isEmpty()
        ? ""
        : statuses.stream().map(MigrationStatus::name).collect(Collectors.joining(", ", " (", ")"));
  }

  private static String describe(PlannedMigration step) {
    return step.direction().name().toLowerCase(Locale.ROOT)
        + " v"
        + step.version()
        + " "
        + step.name();
  }

  /**
   * One run of the startup strategy on a database.
   *
   * @param before the statuses read just before it
   * @param result what the strategy reports it did, or empty when it does not say
   */
  record Migrated(List<MigrationStatus> before, Optional<MigrationStartupResult> result) {

    /**
     * Runs the strategy.
     *
     * @param runner the database's runner
     * @param strategy what startup does
     * @return what it did
     */
    static Migrated run(MigrationRunner runner, MigrationStartupStrategy strategy) {
      List<MigrationStatus> before = runner.getStatuses();
      return new Migrated(before, strategy.migrateAndReport(runner));
    }
  }

  private void printPlan(List<PlannedMigration> plan, PrintStream out) {
    MigrationsInfo info = runner.info();
    if (plan.isEmpty()) {
      out.println("Dry run: no migration to apply; nothing was changed. " + summary(info));
    } else {
      out.println("Dry run: would apply, in this order:");
      plan.forEach(step -> out.println("  " + describe(step)));
      out.println("Would apply " + count(plan.size()) + "; nothing was changed. " + summary(info));
    }
    printBackgroundLeft(info, out);
  }

  /**
   * Says which pending migrations {@code migrate} leaves to the background worker, so that the
   * pending count is not read as migrations it missed.
   */
  private static void printBackgroundLeft(MigrationsInfo info, PrintStream out) {
    Set<String> background =
        info.background().stream().map(BackgroundProgress::name).collect(Collectors.toSet());
    List<MigrationStatus> left =
        info.pending().stream().filter(status -> background.contains(status.name())).toList();
    if (left.isEmpty()) {
      return;
    }
    out.println(
        "Not applied by migrate: background migration"
            + (left.size() == 1 ? " " : "s ")
            + left.stream()
                .map(status -> status.name() + " (version " + status.version() + ")")
                .collect(Collectors.joining(", "))
            + "; a worker runs "
            + (left.size() == 1 ? "it" : "them")
            + " once the application is ready.");
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

  /** The statuses that differ from before: what the run, or another instance meanwhile, did. */
  private static List<MigrationStatus> changedSince(
      List<MigrationStatus> before, MigrationsInfo after) {
    Set<MigrationStatus> previous = new HashSet<>(before);
    return after.migrations().stream().filter(status -> !previous.contains(status)).toList();
  }

  static String count(int migrations) {
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
    // The findings are the command's report: stdout, where a script reads it.
    List<ValidationFinding> errors = result.errorFindings();
    errors.forEach(error -> out.println("Error: " + FailureAdvice.describe(error)));
    String disagreements =
        errors.size() + (errors.size() == 1 ? " disagreement" : " disagreements");
    out.println(
        "Invalid: "
            + disagreements
            + " between the registered migrations and the recorded history.");
    err.println(
        "Error: "
            + errorPrefix()
            + "the registered migrations do not match the recorded history ("
            + disagreements
            + ", listed on stdout)");
    return EXIT_FAILED;
  }

  /**
   * Prints the mapping of the other tool's changes to migrations, then imports unless a dry run.
   */
  private int importHistory(PrintStream out) {
    HistorySource importSource = requireImportSource();
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
    MongoTemplate source = mongoTemplate.get();
    String ownDatabase = source.getDb().getName();
    String defaultScratch = ownDatabase + DatabaseNames.VERIFY_SUFFIX;
    String database = properties.getVerify().getDatabase();
    boolean defaulted = database == null || database.isBlank();
    if (defaulted) {
      database = defaultScratch;
    }
    try {
      DatabaseNames.requireValid(database);
    } catch (InvalidDatabaseNameException e) {
      throw new CommandUsageException(
          e.getMessage()
              + (defaulted
                  ? " Choose the scratch database with --lms.migrations.verify.database=<name>."
                  : ""));
    }
    // Refuse before anything is created or dropped: the scratch database is dropped afterwards,
    // so it must be one this run creates.
    if (database.equals(ownDatabase)) {
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + database
              + "': it is "
              + (tenant == null
                  ? "the database the migrations run against"
                  : "the database of tenant '" + tenant + "'")
              + ", and verify drops its scratch database"
              + " when done. Choose another one with --lms.migrations.verify.database=<name>, or"
              + " leave it unset to use '"
              + defaultScratch
              + "'.");
    }
    if (tenants.get().contains(database)) {
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + database
              + "': it is the database of tenant '"
              + database
              + "', and verify drops its scratch database when done. Choose another one with"
              + " --lms.migrations.verify.database=<name>, or leave it unset to use '"
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
              .copyFrom(source)
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
    printChanged(verb, changed, runner.info(), out);
  }

  private static void printChanged(
      String verb, List<MigrationStatus> changed, MigrationsInfo after, PrintStream out) {
    if (changed.isEmpty()) {
      out.println("Nothing to do. " + summary(after));
      return;
    }
    out.print(StatusTable.render(changed));
    out.println(verb + " " + count(changed.size()) + ". " + summary(after));
  }

  private String summary() {
    return summary(runner.info());
  }

  static String summary(MigrationsInfo info) {
    int complete = info.completeVersion();
    return "Current version: "
        + info.currentVersion()
        + (complete < info.currentVersion() ? " (complete up to version " + complete + ")" : "")
        + ", pending: "
        + info.pending().size();
  }

  /**
   * Checks the arguments of a command, without reading the database, so that a command run on every
   * tenant in turn is refused before it changes any.
   *
   * @throws CommandUsageException when an argument is missing or wrong
   */
  void checkArguments(MigrationCommand command) {
    switch (command) {
      case ROLLBACK, MARK_APPLIED, MARK_PENDING, CREATE -> requireName();
      case ROLLBACK_TO -> requireVersion();
      case PAUSE, RESUME, ROLLBACK_IN_BACKGROUND -> requireBackgroundName();
      case THROTTLE -> {
        requireBackgroundName();
        requireMaxPerSecond();
      }
      case IMPORT -> requireImportSource();
      case STATUS, MIGRATE, VALIDATE, VERIFY -> {}
    }
  }

  /** {@code "tenant 'b': "} before an error about a tenant's database, nothing otherwise. */
  private String errorPrefix() {
    return tenant == null ? "" : "tenant '" + tenant + "': ";
  }

  private HistorySource requireImportSource() {
    if (importSource == null) {
      throw new CommandUsageException(
          "Command 'import' needs"
              + " --lms.migrations.import.from=mongock|mongobee|migrate-mongo|flyway");
    }
    return importSource;
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
