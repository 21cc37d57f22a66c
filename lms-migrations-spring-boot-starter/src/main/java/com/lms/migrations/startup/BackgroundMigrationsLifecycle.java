package com.lms.migrations.startup;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.RunRules;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.tenant.TenantBackgroundWorkers;
import com.lms.migrations.tenant.TenantMigrations;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts this instance's background worker (with tenants, a few workers that go round the tenants)
 * once the application is ready (so background migrations never hold readiness back), and stops it
 * first on shutdown: the migration it runs stops after its current batch, recorded as PENDING, and
 * another instance carries it on.
 *
 * <p>Every round of the workers asks the application's {@link RunRules}: nothing during a dry run
 * or with {@code run-on-startup=false}, nothing above the target version, never a background
 * migration while a regular one below it is not applied (per tenant, with tenants). Does nothing
 * when no {@link BackgroundMigration} is registered, when those rules let nothing run (it says
 * why), or, without tenants, when the startup migrations failed and the application started anyway
 * ({@code fail-on-error=false}): a background migration may depend on the schema they were to
 * bring. With tenants, one tenant's failure holds back only that tenant's background migrations,
 * through the rules.
 */
public class BackgroundMigrationsLifecycle
    implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(BackgroundMigrationsLifecycle.class);

  private final MigrationRunner runner;
  private final Function<Duration, BackgroundWorker> workersStarter;
  private final String where;
  private final Duration pollInterval;
  private final RunRules rules;
  private final boolean perTenant;
  private final Supplier<@Nullable MigrationStartupRunner> startup;
  private volatile boolean running;
  private volatile @Nullable BackgroundWorker workers;

  /**
   * Creates the lifecycle.
   *
   * @param runner the runner whose background migrations run
   * @param pollInterval how often an idle worker looks for work
   * @param rules the run rules every round asks
   * @param startup the startup migrations' runner, if there is one
   */
  public BackgroundMigrationsLifecycle(
      MigrationRunner runner,
      Duration pollInterval,
      RunRules rules,
      Supplier<@Nullable MigrationStartupRunner> startup) {
    this(
        runner,
        poll -> runner.background().start(poll, rules),
        "",
        pollInterval,
        rules,
        false,
        startup);
  }

  /**
   * Creates the lifecycle for every tenant: a few workers go round the tenants listed at the time
   * (not one thread per tenant), so a tenant added later is picked up too.
   *
   * @param runner the runner the tenants' runners copy: its background migrations say whether there
   *     is anything to run
   * @param tenants the tenants
   * @param threads how many tenants run background migrations at once on this instance
   * @param pollInterval how often an idle worker looks for work
   * @param rules the run rules every round asks, per tenant
   * @param startup the startup migrations' runner, if there is one
   */
  public BackgroundMigrationsLifecycle(
      MigrationRunner runner,
      TenantMigrations tenants,
      int threads,
      Duration pollInterval,
      RunRules rules,
      Supplier<@Nullable MigrationStartupRunner> startup) {
    this(
        runner,
        poll -> TenantBackgroundWorkers.start(tenants, poll, threads, rules),
        " for every tenant, " + threads + " at a time",
        pollInterval,
        rules,
        true,
        startup);
  }

  private BackgroundMigrationsLifecycle(
      MigrationRunner runner,
      Function<Duration, BackgroundWorker> workersStarter,
      String where,
      Duration pollInterval,
      RunRules rules,
      boolean perTenant,
      Supplier<@Nullable MigrationStartupRunner> startup) {
    this.runner = runner;
    this.workersStarter = workersStarter;
    this.where = where;
    this.pollInterval = pollInterval;
    this.rules = rules;
    this.perTenant = perTenant;
    this.startup = startup;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!running || workers != null) {
      return;
    }
    List<String> background =
        runner.getMigrations().stream()
            .filter(BackgroundMigration.class::isInstance)
            .map(migration -> migration.name())
            .toList();
    if (background.isEmpty()) {
      return;
    }
    String nothingRuns = rules.whyNothingRuns();
    if (nothingRuns != null) {
      log.info(
          "Background migrations {} are not run by this instance: {} ({})",
          background,
          nothingRuns,
          rules.dryRun() ? "lms.migrations.dry-run=true" : "lms.migrations.run-on-startup=false");
      return;
    }
    MigrationStartupRunner startupRunner = perTenant ? null : startup.get();
    if (startupRunner != null && startupRunner.getFailure().isPresent()) {
      log.warn(
          "Background migrations {} are not run by this instance: its startup migrations failed"
              + " ({}). Other instances still run them",
          background,
          FailureAdvice.describe(startupRunner.getFailure().get()));
      return;
    }
    log.info(
        "Running background migrations {} on this instance from now on{}, looking for work every"
            + " {}{}",
        background,
        where,
        DurationText.of(pollInterval),
        rules.targetVersion() == Integer.MAX_VALUE
            ? ""
            : "; none above version " + rules.targetVersion() + " (lms.migrations.target-version)");
    workers = workersStarter.apply(pollInterval);
  }

  /**
   * The run rules every round of the workers asks.
   *
   * @return the target version, the dry run and whether migrations run by themselves
   */
  public RunRules rules() {
    return rules;
  }

  @Override
  public void start() {
    running = true;
  }

  /** Stops the worker between two batches (waits up to 30 s for the current batch). */
  @Override
  public void stop() {
    running = false;
    BackgroundWorker current = workers;
    workers = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
