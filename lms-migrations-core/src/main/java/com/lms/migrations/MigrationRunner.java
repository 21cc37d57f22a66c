package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigrations;
import com.lms.migrations.deploy.InactiveMigration;
import com.lms.migrations.deploy.Instances;
import com.lms.migrations.importer.HistoryImportRefusedException;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.ImportPlan;
import com.lms.migrations.schema.StepRecord;
import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Applies, records and rolls back migrations. State lives in MongoDB, so every runner on the same
 * database, in any process, sees the same truth; a lease lock makes sure only one of them changes
 * anything at a time.
 *
 * <pre>{@code
 * MigrationRunner runner = MigrationRunner.builder(mongoTemplate)
 *     .migration(new AddCourseTags())
 *     .build();
 * runner.upAll();
 * }</pre>
 *
 * <p>Thread-safe. Calls that change nothing (everything already applied) read the status collection
 * once and write nothing.
 */
public class MigrationRunner {

  private final RunnerWiring wiring;
  private final @Nullable String principal;

  /**
   * A runner with the {@linkplain MigrationSettings#defaults() default settings}.
   *
   * @param mongoTemplate the template migrations use; its database holds the history
   */
  public MigrationRunner(MongoTemplate mongoTemplate) {
    this(mongoTemplate, MigrationSettings.defaults());
  }

  /**
   * A runner with the given settings.
   *
   * @param mongoTemplate the template migrations use; its database holds the history
   * @param settings where state is kept and how the lock behaves
   */
  public MigrationRunner(MongoTemplate mongoTemplate, MigrationSettings settings) {
    this(RunnerWiring.wire(builder(mongoTemplate).settings(settings)), null);
  }

  MigrationRunner(RunnerWiring wiring, @Nullable String principal) {
    this.wiring = wiring;
    this.principal = principal;
  }

  /**
   * Starts building a runner with more options than the constructors offer.
   *
   * @param mongoTemplate the template migrations use
   * @return a builder
   */
  public static Builder builder(MongoTemplate mongoTemplate) {
    return new Builder(mongoTemplate);
  }

  /**
   * Adds a migration. Nothing is written to the database.
   *
   * @param migration the migration
   * @throws InvalidMigrationException when it is null or its name or version is not allowed
   * @throws DuplicateMigrationException when its name or version is already registered
   */
  public void register(Migration migration) {
    wiring.registry().register(migration);
  }

  /**
   * This runner acting for someone: what it applies, rolls back, marks, baselines or imports is
   * recorded in the history with who asked ({@link MigrationHistoryEntry#principal()}). It shares
   * everything else with this runner (migrations, listeners, settings, the lock); nothing is read
   * or written: {@code runner.onBehalfOf("alice").rollbackTo(5)}.
   *
   * @param principal who asks, or {@code null} for nobody in particular
   * @return a runner recording {@code principal}
   */
  public MigrationRunner onBehalfOf(@Nullable String principal) {
    return Objects.equals(principal, this.principal)
        ? this
        : new MigrationRunner(wiring, principal);
  }

  /**
   * Applies every pending or failed migration in version order, stopping at the first failure.
   *
   * @return the status of each migration that ran, in order; empty when nothing was pending
   * @throws MigrationFailedException when one fails (recorded as FAILED unless {@link
   *     MigrationFailedException#isOutcomeRecorded()} says the database could not be reached)
   * @throws MigrationLockTimeoutException when another instance held the lock for too long
   * @throws MigrationRecordException when a migration could not be marked as running
   * @throws java.util.concurrent.CancellationException when interrupted between two migrations
   */
  public List<MigrationStatus> upAll() {
    return upTo(Integer.MAX_VALUE);
  }

  /**
   * Applies every pending or failed migration up to and including a version, in version order,
   * without validating the history first ({@link #validateAndUpTo(int)} does).
   *
   * @param targetVersion the highest version to apply
   * @return the status of each migration that ran, in order
   * @throws MigrationFailedException when one fails
   */
  public List<MigrationStatus> upTo(int targetVersion) {
    return wiring.upTo(targetVersion, false, principal);
  }

  /**
   * Validates the registered migrations against the history with the runner's {@link
   * ValidationPolicy}, then applies every pending or failed one up to a version: what an
   * application does at startup. Both come from one read of the history when there is nothing to
   * apply. Warnings are logged.
   *
   * @param targetVersion the highest version to apply
   * @return the status of each migration that ran, in order
   * @throws MigrationValidationException when the code disagrees with the history; nothing is run
   * @throws MigrationFailedException when a migration fails
   */
  public List<MigrationStatus> validateAndUpTo(int targetVersion) {
    return wiring.upTo(targetVersion, true, principal);
  }

  /**
   * Applies one migration, whatever its version. A migration that is already applied is left alone.
   *
   * @param name the migration's name
   * @return its status afterwards
   * @throws UnknownMigrationException when no migration has this name
   * @throws MigrationFailedException when it fails
   */
  public MigrationStatus up(String name) {
    return wiring.runLoop().up(wiring.registry().require(name), principal);
  }

  /**
   * Rolls one migration back with its {@link Migration#down}; it becomes PENDING. A migration that
   * FAILED (while applying or rolling back) may have left partial changes, so it can be rolled back
   * too: that is how its partial changes are cleaned up before it is fixed and applied again.
   *
   * @param name the migration's name
   * @return its status afterwards
   * @throws UnknownMigrationException when no migration has this name
   * @throws MigrationNotAppliedException when it is PENDING (never applied) or RUNNING
   * @throws MigrationFailedException when its {@code down} fails
   */
  public MigrationStatus down(String name) {
    return wiring.runLoop().down(wiring.registry().require(name), principal);
  }

  /**
   * The same as {@link #down(String)}.
   *
   * @param name the migration's name
   * @return its status afterwards
   */
  public MigrationStatus rollback(String name) {
    return down(name);
  }

  /**
   * Rolls back every applied migration with a version above the given one, newest first, stopping
   * at the first failure.
   *
   * @param version the version to return to; 0 rolls back everything
   * @return the status of each migration that was rolled back, in order
   * @throws MigrationFailedException when a {@code down} fails
   */
  public List<MigrationStatus> rollbackTo(int version) {
    return wiring.rollbackTo(version, principal);
  }

  /**
   * Compares the registered migrations with the history, under the runner's policy. Reads only.
   *
   * @return the errors (missing, renamed, renumbered or late migrations) and warnings (gaps)
   */
  public ValidationResult validate() {
    return wiring.validate();
  }

  /**
   * What {@link #rollbackTo(int)} would do now, in order. Reads only.
   *
   * @param version the version to return to
   * @return the migrations it would roll back
   */
  public List<PlannedMigration> planRollbackTo(int version) {
    RunnerWiring.requireVersion(version, "plan a rollback to");
    return wiring.steps().withKnownSteps(wiring.read().planDown(version));
  }

  /**
   * Adopts lms-migrations on an existing database: records every registered migration up to a
   * version as applied, without running it. Only allowed while there is no history at all.
   *
   * @param version the highest version the database already has
   * @return the statuses recorded
   * @throws BaselineNotAllowedException when the database already has migration history
   */
  public List<MigrationStatus> baseline(int version) {
    RunnerWiring.requireVersion(version, "baseline at");
    return wiring.engine().repair().baseline(version, principal);
  }

  /**
   * What {@link #importHistory(HistorySource)} would do now: which old change each migration
   * replaces (from {@link Migration#replaces()} and the source's mappings), the old changes no
   * migration replaces, and why the import would be refused. Reads only.
   *
   * @param source the other tool and its collections
   * @return the dry run; {@link ImportPlan#table()} prints it
   */
  public ImportPlan planImport(HistorySource source) {
    return wiring
        .engine()
        .historyImport()
        .plan(Objects.requireNonNull(source, "source must not be null"));
  }

  /**
   * Adopts the history of another migration tool (Mongock, mongobee, migrate-mongo, Flyway): every
   * migration whose replaced changes the old tool all applied is recorded as {@code COMPLETED},
   * with the original time and duration, without running it; its history entry {@code IMPORTED}
   * names the tool and the source document. Migrations replacing nothing, or changes the old tool
   * never applied, stay pending for {@link #upAll()}. The old collections are never modified.
   *
   * <p>Only while this database has no history, like {@link #baseline}; else nothing is recorded.
   *
   * @param source the other tool and its collections
   * @return the statuses recorded, lowest version first; empty when history existed already
   * @throws HistoryImportRefusedException when the old tool's lock is held, an old change failed or
   *     was half applied, a mapping names an unknown migration, or two migrations claim one old
   *     change; nothing is recorded
   * @throws MigrationLockTimeoutException when another instance held the lock for too long
   */
  public List<MigrationStatus> importHistory(HistorySource source) {
    return wiring
        .engine()
        .historyImport()
        .importHistory(Objects.requireNonNull(source, "source must not be null"), principal);
  }

  /**
   * Records a migration as applied without running it, for example after applying its change by
   * hand. Recorded in the history as {@code MARK_APPLIED}; a migration that is already applied is
   * left alone, with nothing recorded.
   *
   * @param name the migration's name
   * @return its status afterwards
   */
  public MigrationStatus markApplied(String name) {
    return wiring.engine().repair().markApplied(name, principal);
  }

  /**
   * Records a migration as pending without running its {@code down}, for example after undoing it
   * by hand. Its batch checkpoints are cleared. Recorded in the history as {@code MARK_PENDING}; a
   * migration that is already pending is left alone, with nothing recorded.
   *
   * @param name the migration's name
   * @return its status afterwards
   */
  public MigrationStatus markPending(String name) {
    return wiring.engine().repair().markPending(name, principal);
  }

  /**
   * Accepts an intended change of an applied migration's code: records its current fingerprint in
   * place of the one it was applied with, with who asked in the history. Runs nothing.
   *
   * @param name the migration's name
   * @return its status
   * @throws UnknownMigrationException when no migration has this name
   * @throws MigrationNotAppliedException when it is not applied
   */
  public MigrationStatus acceptChange(String name) {
    return wiring.engine().repair().acceptChange(name, principal);
  }

  /**
   * Where the schema stands, from one read of the history and one of the lock: every status, the
   * current version, what {@link #upAll()} would run, who holds the lock, and the validation of the
   * code against that history. Reads only.
   *
   * @return the answer, consistent in itself even while another instance runs migrations
   */
  public MigrationsInfo info() {
    return wiring.info();
  }

  /**
   * The background migrations: progress, pause, resume, throttle, and this instance's worker.
   *
   * @return the background migrations of this runner
   */
  public BackgroundMigrations background() {
    return wiring.engine().background();
  }

  /**
   * The recorded status of a registered migration.
   *
   * @param name the migration's name
   * @return its status (PENDING if it never ran), or empty when no migration has this name
   */
  public Optional<MigrationStatus> getStatus(String name) {
    return wiring.registry().find(name).map(wiring.store()::status);
  }

  /**
   * The stored log lines of a migration, oldest first (at most the configured limit, the newest).
   *
   * @param name the migration's name
   * @return its log lines; empty if it never logged
   * @throws UnknownMigrationException when no migration has this name
   */
  public List<MigrationLogEntry> getLogs(String name) {
    wiring.registry().require(name);
    return wiring.logs().find(name);
  }

  /**
   * The instances of the application running against this database, as they announce themselves,
   * and this instance's own announcement.
   *
   * @return the instances
   */
  public Instances instances() {
    return wiring.instances();
  }

  /**
   * The migrations this environment leaves out on purpose (a Spring profile or a condition), as the
   * builder was told: their records are neither missing nor rolled back here.
   *
   * @return them, with why each is not active here
   */
  public List<InactiveMigration> inactiveHere() {
    return wiring.inactive();
  }

  /**
   * The {@linkplain MigrationContext#schema() schema steps} a migration recorded, by index: taken
   * by its last run, or undone by its last rollback.
   *
   * @param name the migration's name
   * @return its steps; empty if it took none
   * @throws UnknownMigrationException when no migration has this name
   */
  public List<StepRecord> getSchemaSteps(String name) {
    wiring.registry().require(name);
    return wiring.steps().load(name);
  }

  /**
   * Every action recorded on a migration, oldest first.
   *
   * @param name the migration's name
   * @return its history; empty if it never ran
   * @throws UnknownMigrationException when no migration has this name
   */
  public List<MigrationHistoryEntry> getHistory(String name) {
    wiring.registry().require(name);
    return wiring.store().history(name);
  }

  /**
   * Every registered migration: lowest version first, then the repeatable ones by name.
   *
   * @return the migrations
   */
  public List<Migration> getMigrations() {
    return wiring.registry().all();
  }

  /**
   * The settings this runner was built with.
   *
   * @return the settings
   */
  public MigrationSettings getSettings() {
    return wiring.settings();
  }

  /**
   * The database this runner migrates, which also holds its history and its lock.
   *
   * @return the database name
   */
  public String getDatabaseName() {
    return wiring.databaseName();
  }

  /**
   * A runner for another database on the same connection, such as a tenant's, with its history, its
   * lock and the migrations' template there: the same migrations, settings and clock, and each
   * listener's {@linkplain MigrationListener#forOtherDatabase(MigrationRunner) variant}. Nothing is
   * read or written; the database need not exist yet.
   *
   * @param database the database's name
   * @return a new runner; migrations registered on this one later are not added to it
   * @throws InvalidDatabaseNameException when MongoDB would refuse the name
   */
  public MigrationRunner forDatabase(String database) {
    return wiring.forDatabase(database);
  }

  /** Builds a {@link MigrationRunner} with settings, a clock and listeners. */
  public static final class Builder {

    final MongoTemplate mongoTemplate;
    MigrationSettings settings = MigrationSettings.defaults();
    Clock clock = Clock.systemUTC();
    final List<MigrationListener> listeners = new ArrayList<>();
    final List<Migration> migrations = new ArrayList<>();
    ValidationPolicy validationPolicy = ValidationPolicy.strict();
    @Nullable String database;
    @Nullable ServerInfo server;
    @Nullable CodeWarmUp codeRead;
    @Nullable InstanceRegistry instances;
    List<InactiveMigration> inactive = List.of();

    private Builder(MongoTemplate mongoTemplate) {
      this.mongoTemplate = mongoTemplate;
    }

    /**
     * Migrates another database of the template's connection (and keeps the history and the lock
     * there) instead of the template's own.
     *
     * @param database the database's name
     * @return this builder
     * @throws InvalidDatabaseNameException when MongoDB would refuse the name
     */
    public Builder database(String database) {
      DatabaseNames.requireValid(database);
      this.database = database;
      return this;
    }

    /**
     * Sets where state is kept and how the lock behaves.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder settings(MigrationSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * Sets the clock used for timestamps (tests use a fixed or offset clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Adds a migration. Its name and version are checked when the runner is built.
     *
     * @param migration the migration
     * @return this builder
     */
    public Builder migration(Migration migration) {
      migrations.add(migration);
      return this;
    }

    /**
     * Adds migrations, in any order.
     *
     * @param migrations the migrations
     * @return this builder
     */
    public Builder migrations(Iterable<? extends Migration> migrations) {
      migrations.forEach(this.migrations::add);
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener, which hears about every run of the runner
     * @return this builder
     */
    public Builder listener(MigrationListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Names the migrations this environment leaves out on purpose (a Spring profile or a condition
     * keeps them from being beans here): records of them, made where they are active, are then
     * neither missing nor rolled back by this runner. The starter finds them itself.
     *
     * @param inactive the migrations' classes, with why each is not active here
     * @return this builder
     */
    public Builder inactive(List<InactiveMigration> inactive) {
      this.inactive = List.copyOf(inactive);
      return this;
    }

    /**
     * Sets what {@link MigrationRunner#validate()} tolerates (default: nothing).
     *
     * @param validationPolicy the policy
     * @return this builder
     */
    public Builder validationPolicy(ValidationPolicy validationPolicy) {
      this.validationPolicy =
          Objects.requireNonNull(validationPolicy, "validationPolicy must not be null");
      return this;
    }

    /**
     * Builds the runner with every migration registered. Nothing is read or written.
     *
     * @return a new runner
     * @throws InvalidMigrationException when a migration is null or its name or version is invalid
     * @throws DuplicateMigrationException when two migrations share a name or a version
     */
    public MigrationRunner build() {
      return new MigrationRunner(RunnerWiring.wire(this), null);
    }
  }
}
