package com.lms.migrations;

import com.lms.migrations.deploy.InactiveMigration;
import com.lms.migrations.fingerprint.CodeFingerprint;
import com.lms.migrations.fingerprint.MigrationFingerprints;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * The parts of a {@link MigrationRunner}, wired from its builder: what the facade delegates to.
 * Reading needs only the store, the log store and the lock; everything a run needs is built on
 * first use ({@link MigrationEngine}).
 */
record RunnerWiring(
    MigrationSettings settings,
    ValidationPolicy validationPolicy,
    MigrationRegistry registry,
    MigrationListeners listeners,
    MigrationStore store,
    MigrationLogStore logs,
    MigrationRunLoop runLoop,
    SingletonSupplier<MigrationEngine> lazyEngine,
    MongoTemplate rootTemplate,
    String databaseName,
    Clock clock,
    ServerInfo server,
    RunnerIdentity me,
    MigrationLock lock,
    CodeWarmUp classBytesRead,
    SchemaStepStore steps,
    InstanceRegistry instances,
    List<InactiveMigration> inactive) {

  /** Logs as the facade does: these are the facade's own decisions. */
  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

  static RunnerWiring wire(MigrationRunner.Builder builder) {
    MongoTemplate root =
        Objects.requireNonNull(builder.mongoTemplate, "mongoTemplate must not be null");
    String otherDatabase = builder.database;
    MongoDatabaseFactory factory =
        otherDatabase == null
            ? root.getMongoDatabaseFactory()
            : OtherDatabaseFactory.of(root, otherDatabase);
    MigrationSettings settings =
        Objects.requireNonNull(builder.settings, "settings must not be null");
    ValidationPolicy validationPolicy = builder.validationPolicy;
    MigrationRegistry registry = new MigrationRegistry();
    MigrationListeners listeners = new MigrationListeners();
    builder.migrations.forEach(registry::register);
    builder.listeners.forEach(listeners::add);
    Clock clock = builder.clock;
    MongoDatabase database = factory.getMongoDatabase();
    String databaseName = database.getName();
    // Recording an outcome or releasing the lock is futile past a lease: bound them by it.
    LibraryCollections direct = new LibraryCollections(database, settings.lock().leaseTime());
    MigrationStore store =
        new MigrationStore(
            direct,
            factory,
            settings.collection(),
            builder.inactive.stream()
                .map(InactiveMigration::className)
                .collect(java.util.stream.Collectors.toSet()));
    MigrationLogStore logs =
        new MigrationLogStore(
            direct, MigrationSettings.logCollection(settings.collection()), settings.logLimit());
    // A runner for another database of the same connection asks the server once, not once each.
    ServerInfo server = builder.server != null ? builder.server : new ServerInfo(direct, clock);
    RunnerIdentity me = RunnerIdentity.ofThisProcess();
    // Reading who holds the lock (info, health) needs no more than this.
    MigrationLock lock = new MigrationLock(direct, settings.lock(), me, server);
    RunGuard guard = new RunGuard();
    // The instances run the application, not a database: a runner for another database shares them.
    InstanceRegistry instances =
        builder.instances != null
            ? builder.instances
            : new InstanceRegistry(
                direct,
                settings.collection(),
                server,
                me,
                () -> registry.all().stream().mapToInt(Migration::version).max().orElse(0));
    // Everything a run needs once there is something to do is built on first use: a restart that
    // finds nothing to do reads the history and builds (and loads the classes of) nothing else.
    // Migrations on another database get a template of their own, built (converter and all) only
    // when one of them runs.
    MigrationEngine.Shared shared =
        new MigrationEngine.Shared(
            settings,
            validationPolicy,
            registry,
            listeners,
            store,
            logs,
            direct,
            server,
            me,
            lock,
            clock,
            guard,
            instances);
    SingletonSupplier<MigrationEngine> engine =
        SingletonSupplier.of(
            () ->
                new MigrationEngine(
                    shared,
                    factory,
                    database,
                    otherDatabase == null ? root : OtherDatabaseFactory.template(root, factory)));
    MigrationRunLoop runLoop =
        new MigrationRunLoop(
            registry, store, listeners, guard, lock, () -> engine.obtain().parts());
    return new RunnerWiring(
        settings,
        validationPolicy,
        registry,
        listeners,
        store,
        logs,
        runLoop,
        engine,
        root,
        databaseName,
        clock,
        server,
        me,
        lock,
        // Read while the application starts; a restart then compares them. A runner for another
        // database has the same classes: it waits for its parent's read rather than start one.
        builder.codeRead != null ? builder.codeRead : CodeWarmUp.sums(registry.all()),
        new SchemaStepStore(direct, settings.collection()),
        instances,
        builder.inactive);
  }

  /** {@link MigrationRunner#forDatabase(String)}: the same parts, on another database. */
  MigrationRunner forDatabase(String database) {
    MigrationRunner.Builder builder =
        MigrationRunner.builder(rootTemplate)
            .database(database)
            .settings(settings)
            .validationPolicy(validationPolicy)
            .clock(clock)
            .migrations(registry.all());
    builder.server = server;
    builder.codeRead = classBytesRead;
    builder.instances = instances;
    builder.inactive = inactive;
    RunnerWiring parts = wire(builder);
    MigrationRunner other = new MigrationRunner(parts, null);
    // Each listener's variant gets the runner it listens to; nobody else has the runner yet.
    listeners.all().forEach(listener -> parts.listeners().add(listener.forOtherDatabase(other)));
    return other;
  }

  /** {@link MigrationRunner#validate()}: the code against one read of the history. */
  ValidationResult validate() {
    return MigrationValidator.validate(registry.all(), store.findAll(), validationPolicy);
  }

  /** Applies up to a version, validating the history first when asked to. */
  List<MigrationStatus> upTo(int targetVersion, boolean validateFirst, @Nullable String principal) {
    requireVersion(targetVersion, "apply up to");
    Function<MigrationPlanner, List<Migration>> select =
        planner -> contractGated(planner.toApply(targetVersion));
    return validateFirst
        ? runLoop.runAll(Direction.UP, this::validateFirst, select, principal)
        : runLoop.runAll(Direction.UP, select, principal);
  }

  /** The plan up to the first contract migration that a running older build does not know. */
  private List<Migration> contractGated(List<Migration> planned) {
    ContractGate gate = ContractGate.of(planned, instances::live);
    if (gate.waiting() != null) {
      log.info(
          "Not applied yet: {}. It and the migrations after it are applied by a later run once they"
              + " are gone (or by name: up(\"{}\"))",
          gate.waiting().describe(),
          gate.waiting().migration());
    }
    return gate.plan();
  }

  /** Rolls back everything above a version that changed data, newest first. */
  List<MigrationStatus> rollbackTo(int version, @Nullable String principal) {
    requireVersion(version, "roll back to");
    prepareRollbackTo(version);
    return runLoop.runAll(Direction.DOWN, planner -> planner.toRollBack(version), principal);
  }

  /** The parts a run needs, built on first use. */
  MigrationEngine engine() {
    return lazyEngine.obtain();
  }

  /**
   * What {@link MigrationRunner#validateAndUpTo(int)} checks first: warnings logged, errors thrown.
   */
  void validateFirst(MigrationPlanner planner) {
    classBytesRead.await(); // usually done long before: read while the application started
    ValidationResult validation =
        MigrationValidator.validate(planner.registered(), planner.stored(), validationPolicy);
    validation.warnings().forEach(warning -> log.warn("{}", warning));
    validation.throwIfInvalid();
    recordCodeOfAppliedMigrations(planner);
  }

  /** The same code in other class files (a rebuild): the next restart compares these instead. */
  private void recordClassBytesIfNew(
      Migration migration, StoredMigration stored, CodeFingerprint recorded) {
    Optional<String> classBytes = MigrationFingerprints.classBytes(migration);
    if (classBytes.isPresent() && !classBytes.get().equals(stored.code().classBytes())) {
      store.recordClassBytes(migration, recorded, classBytes.get());
    }
  }

  /**
   * Records the fingerprint of every applied migration that has none (a record from before
   * fingerprints, or an imported one: adopted) or whose code was recompiled by another class-file
   * version, quietly, with a history entry. A compare-and-set per record: it writes only where the
   * recorded fingerprint is still the one read, so two instances starting at once record it once.
   */
  private void recordCodeOfAppliedMigrations(MigrationPlanner planner) {
    for (Migration migration : registry.all()) {
      StoredMigration stored = planner.stored().get(migration.name());
      // A repeatable migration records its code when it runs: adopting it would hide a change.
      if (stored == null
          || stored.state() != MigrationState.COMPLETED
          || migration instanceof RepeatableMigration) {
        continue;
      }
      CodeFingerprint recorded = stored.code() == null ? null : stored.code().fingerprint();
      Optional<CodeFingerprint> current = StoredMigration.currentCode(migration, stored);
      if (current.isEmpty()) {
        continue;
      }
      if (recorded != null && recorded.equals(current.get())) {
        recordClassBytesIfNew(migration, stored, recorded);
        continue;
      }
      if (recorded != null && !MigrationValidator.isRecompiled(recorded, current.get())) {
        continue;
      }
      String action =
          recorded == null || recorded.isUserSupplied() != current.get().isUserSupplied()
              ? "CODE_ADOPTED"
              : "RECOMPILED";
      Execution execution =
          new Execution(
              Direction.UP,
              MigrationState.COMPLETED,
              clock.instant(),
              0,
              null,
              me,
              null,
              action,
              null);
      if (store.recordCode(migration, recorded, current.get(), execution)) {
        log.info(
            "Recorded the fingerprint of migration '{}' ({}): {}",
            migration.name(),
            action.equals("RECOMPILED")
                ? "recompiled from class-file version "
                    + recorded.classFileVersion()
                    + " to "
                    + current.get().classFileVersion()
                : recorded == null ? "none was recorded" : "it now supplies its own checksum",
            current.get().value());
      }
    }
  }

  static void requireVersion(int version, String action) {
    if (version < 0) {
      throw new IllegalArgumentException(
          "Cannot "
              + action
              + " version "
              + version
              + ": versions start at 1 (use 0 to mean before the first migration)");
    }
  }

  /**
   * What {@link MigrationRunner#info()} answers, from one read of the history and one of the lock.
   */
  MigrationsInfo info() {
    List<Migration> registered = registry.all();
    Map<String, StoredMigration> stored = store.findAll();
    MigrationPlanner planner = new MigrationPlanner(registered, stored);
    ValidationResult validation = MigrationValidator.validate(registered, stored, validationPolicy);
    ContractGate gate = ContractGate.of(planner.toApply(Integer.MAX_VALUE), instances::live);
    return new MigrationsInfo(
        planner.statuses(),
        validation.future(),
        planner.currentVersion(),
        steps.withKnownSteps(
            gate.plan().stream()
                .map(migration -> PlannedMigration.of(migration, Direction.UP))
                .toList()),
        lock.currentHolder().orElse(null),
        validation,
        !stored.isEmpty(),
        // Background progress needs the engine only when there are background migrations.
        registry.background().isEmpty() ? List.of() : engine().background().progress(stored),
        gate.waiting() == null ? List.of() : List.of(gate.waiting()));
  }

  /**
   * Before a rollback to a version: warns about applied migrations above it that cannot be rolled
   * back, and pauses the queued background ones above it.
   */
  void prepareRollbackTo(int version) {
    warnAboutUnregistered(version);
    holdBackgroundAbove(version);
  }

  /** The registered migrations and the history, read once. */
  MigrationPlanner read() {
    return new MigrationPlanner(registry.all(), store.findAll());
  }

  /**
   * Pauses the queued background migrations above a version before rolling back to it, so that no
   * worker applies them afterwards and overturns the version the rollback reports.
   */
  private void holdBackgroundAbove(int version) {
    if (registry.background().isEmpty()) {
      return;
    }
    for (Migration queued : read().backgroundToHoldAbove(version)) {
      engine().background().hold(queued.name());
      log.info(
          "Paused background migration '{}' (version {}) so that no worker applies it after the"
              + " rollback to version {}; resume it to apply it again",
          queued.name(),
          queued.version(),
          version);
    }
  }

  private void warnAboutUnregistered(int version) {
    for (StoredMigration orphan : read().unregisteredAbove(version)) {
      log.warn(
          "Migration '{}' (version {}) is applied but no longer registered, so it cannot be"
              + " rolled back; restore its class to roll it back",
          orphan.name(),
          orphan.version());
    }
  }
}
