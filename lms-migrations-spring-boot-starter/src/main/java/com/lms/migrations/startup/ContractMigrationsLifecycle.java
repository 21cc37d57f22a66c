package com.lms.migrations.startup;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.RunRules;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.StringUtils;

/**
 * Applies the contract migrations that waited at startup once the older builds they waited for are
 * gone, without another deploy: after the application is ready, while one waits, it looks again at
 * every interval and then applies what is pending, asking the same {@link RunRules} as startup
 * (nothing during a dry run or with {@code run-on-startup=false}, nothing above the target). With
 * tenants, the next run applies them.
 */
public class ContractMigrationsLifecycle
    implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(ContractMigrationsLifecycle.class);

  private final MigrationRunner runner;
  private final RunRules rules;
  private final Duration interval;
  private final boolean perTenant;
  private volatile boolean running;
  private volatile @Nullable ScheduledExecutorService timer;

  /**
   * Creates the lifecycle.
   *
   * @param runner the runner whose contract migrations may wait
   * @param rules the run rules startup asks
   * @param interval how often to look again while one waits
   * @param perTenant whether the runner is the tenants' template: then the next run applies them
   */
  public ContractMigrationsLifecycle(
      MigrationRunner runner, RunRules rules, Duration interval, boolean perTenant) {
    this.runner = runner;
    this.rules = rules;
    this.interval = interval;
    this.perTenant = perTenant;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    watch();
  }

  /** Starts looking again at every interval if a contract migration waits and rules allow runs. */
  void watch() {
    if (!running || perTenant || timer != null || rules.whyNothingRuns() != null) {
      return;
    }
    MigrationsInfo info = runner.info();
    if (info.waiting().isEmpty()) {
      return;
    }
    log.info(
        "{}; this instance looks again every {} and applies it once they are gone",
        StringUtils.capitalize(info.waiting().get(0).describe()),
        DurationText.of(interval));
    ScheduledExecutorService scheduled =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "lms-migrations-contract");
              thread.setDaemon(true);
              return thread;
            });
    timer = scheduled;
    scheduled.scheduleWithFixedDelay(
        this::lookAgain, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void lookAgain() {
    try {
      if (!runner.info().waiting().isEmpty()) {
        return;
      }
      runner.validateAndUpTo(rules.targetVersion());
    } catch (RuntimeException e) {
      // Recorded where it failed (health shows it); another instance or a later run goes on.
      log.warn("Applying the migrations that waited for older builds failed: {}", e.toString());
    }
    stopLooking();
  }

  private void stopLooking() {
    ScheduledExecutorService current = timer;
    if (current != null) {
      current.shutdown();
    }
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    ScheduledExecutorService current = timer;
    timer = null;
    if (current != null) {
      current.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Whether it is looking again at an interval (for tests). */
  boolean isLooking() {
    ScheduledExecutorService current = timer;
    return current != null && !current.isShutdown();
  }
}
