package com.lms.migrations.autoconfigure;

import com.lms.migrations.BackgroundMigration;
import com.lms.migrations.BackgroundWorker;
import com.lms.migrations.MigrationRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts this instance's background worker once the application is ready (so background migrations
 * never hold readiness back), and stops it first on shutdown: the migration it runs stops after its
 * current batch, recorded as PENDING, and another instance carries it on.
 *
 * <p>Does nothing when no {@link BackgroundMigration} is registered, or when the startup migrations
 * failed and the application started anyway ({@code fail-on-error=false}): a background migration
 * may depend on the schema they were to bring.
 */
public class BackgroundMigrationsLifecycle
    implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(BackgroundMigrationsLifecycle.class);

  private final MigrationRunner runner;
  private final Supplier<List<MigrationRunner>> runners;
  private final Duration pollInterval;
  private final Supplier<@Nullable MigrationStartupRunner> startup;
  private volatile boolean running;
  private volatile @Nullable List<BackgroundWorker> workers;

  /**
   * Creates the lifecycle.
   *
   * @param runner the runner whose background migrations run
   * @param pollInterval how often an idle worker looks for work
   * @param startup the startup migrations' runner, if there is one
   */
  public BackgroundMigrationsLifecycle(
      MigrationRunner runner,
      Duration pollInterval,
      Supplier<@Nullable MigrationStartupRunner> startup) {
    this(runner, () -> List.of(runner), pollInterval, startup);
  }

  /**
   * Creates the lifecycle for several runners, such as one per tenant: each gets its own worker.
   *
   * @param runner the runner whose migrations the others copy: its background migrations say
   *     whether there is anything to run
   * @param runners the runners whose background migrations run, listed once the application is
   *     ready
   * @param pollInterval how often an idle worker looks for work
   * @param startup the startup migrations' runner, if there is one
   */
  public BackgroundMigrationsLifecycle(
      MigrationRunner runner,
      Supplier<List<MigrationRunner>> runners,
      Duration pollInterval,
      Supplier<@Nullable MigrationStartupRunner> startup) {
    this.runner = runner;
    this.runners = runners;
    this.pollInterval = pollInterval;
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
    MigrationStartupRunner startupRunner = startup.get();
    if (startupRunner != null && startupRunner.getFailure().isPresent()) {
      log.warn(
          "Background migrations {} are not run by this instance: its startup migrations failed"
              + " ({}). Other instances still run them",
          background,
          FailureAdvice.describe(startupRunner.getFailure().get()));
      return;
    }
    List<MigrationRunner> targets;
    try {
      targets = runners.get();
    } catch (RuntimeException e) {
      // Listing the tenants failed: the application goes on, without workers on this instance.
      log.warn(
          "Background migrations {} are not run by this instance: the tenants could not be"
              + " listed ({}). Other instances still run them",
          background,
          e.toString());
      return;
    }
    log.info(
        "Running background migrations {} on this instance from now on{}, looking for work every {}",
        background,
        targets.size() == 1 ? "" : " for each of " + targets.size() + " tenants",
        pollInterval);
    workers = targets.stream().map(target -> target.background().start(pollInterval)).toList();
  }

  @Override
  public void start() {
    running = true;
  }

  /** Stops the worker between two batches (waits up to 30 s for the current batch). */
  @Override
  public void stop() {
    running = false;
    List<BackgroundWorker> current = workers;
    workers = null;
    if (current == null) {
      return;
    }
    if (current.size() == 1) {
      current.get(0).close();
      return;
    }
    // Every tenant's worker stops at once: each waits for its own batch.
    List<Thread> closing = new ArrayList<>();
    for (BackgroundWorker worker : current) {
      Thread thread = new Thread(worker::close, "lms-migrations-background-stop");
      thread.start();
      closing.add(thread);
    }
    for (Thread thread : closing) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
