package com.lms.migrations;

import com.lms.migrations.deploy.Instances;
import com.lms.migrations.validation.ValidationPolicy;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The parts of a runner that only a run, a repair or a background run needs, wired together. A
 * {@link MigrationRunner} builds it on first use, so that a restart that finds nothing to do builds
 * (and loads the classes of) none of it.
 */
final class MigrationEngine {

  /**
   * What a runner always has, which the engine's parts share with it.
   *
   * @param guard lets one call change the database at a time within this process
   * @param instances the running instances, which contract migrations wait for
   */
  record Shared(
      MigrationSettings settings,
      ValidationPolicy validationPolicy,
      MigrationRegistry registry,
      MigrationListeners listeners,
      MigrationStore store,
      MigrationLogStore logs,
      LibraryCollections direct,
      ServerInfo server,
      RunnerIdentity me,
      MigrationLock lock,
      Clock clock,
      RunGuard guard,
      Instances instances) {}

  private final Shared shared;
  private final BatchCheckpointStore checkpoints;
  private final SchemaStepStore steps;
  private final EngineBackgroundMigrations background;
  private final MigrationRunLoop.Parts parts;
  private @Nullable HistoryRepair repair;
  private @Nullable HistoryImport historyImport;

  MigrationEngine(
      Shared shared,
      MongoDatabaseFactory factory,
      MongoDatabase database,
      MongoTemplate migrationsTemplate) {
    this.shared = shared;
    MigrationSettings settings = shared.settings();
    this.checkpoints = new BatchCheckpointStore(shared.direct(), settings.collection());
    this.steps = new SchemaStepStore(shared.direct(), settings.collection());
    // The background worker is another holder than the runner's callers, even in this process,
    // so that a call by hand never takes over the lease of a migration the worker runs.
    RunnerIdentity worker = RunnerIdentity.ofThisProcess();
    BackgroundControlStore controls =
        new BackgroundControlStore(shared.direct(), settings.collection());
    MigrationTransactions transactions =
        new MigrationTransactions(
            settings.transactionMode(), shared.server(), factory, settings.lock().leaseTime());
    Function<RunnerIdentity, MigrationExecutor> executorOf =
        holder ->
            new MigrationExecutor(
                shared.store(),
                shared.logs(),
                migrationsTemplate,
                database,
                transactions,
                holder,
                shared.clock(),
                shared.listeners(),
                checkpoints,
                steps);
    Function<RunnerIdentity, InterruptedRuns> interruptedRunsOf =
        holder ->
            new InterruptedRuns(
                shared.store(),
                holder,
                shared.server(),
                shared.registry()::isBackground,
                shared.lock(),
                controls);
    this.background =
        new EngineBackgroundMigrations(
            shared.registry(),
            shared.store(),
            controls,
            shared.lock(),
            interruptedRunsOf.apply(worker),
            executorOf.apply(worker),
            worker,
            shared.clock(),
            shared.validationPolicy(),
            shared.instances());
    this.parts =
        new MigrationRunLoop.Parts(
            interruptedRunsOf.apply(shared.me()),
            executorOf.apply(shared.me()),
            new RequiredMigrations(
                shared.registry(), shared.store(), background, settings.requiredWaitTime()),
            background);
  }

  /** What the run loop needs once there is something to do. */
  MigrationRunLoop.Parts parts() {
    return parts;
  }

  /** The background migrations: progress, controls and the worker. */
  EngineBackgroundMigrations background() {
    return background;
  }

  /** Baseline and marking by hand: operator actions, built (and loaded) when first asked for. */
  synchronized HistoryRepair repair() {
    if (repair == null) {
      repair =
          new HistoryRepair(
              shared.registry(),
              shared.store(),
              checkpoints,
              steps,
              shared.lock(),
              parts.interrupted(),
              shared.guard(),
              shared.clock(),
              shared.me(),
              shared.settings().collection(),
              () -> background);
    }
    return repair;
  }

  /** Adopting another tool's history: an operator action, built when first asked for. */
  synchronized HistoryImport historyImport() {
    if (historyImport == null) {
      historyImport =
          new HistoryImport(
              shared.registry(),
              shared.store(),
              shared.lock(),
              new LegacyHistory(shared.direct()),
              shared.server(),
              shared.guard(),
              shared.clock(),
              shared.me());
    }
    return historyImport;
  }
}
