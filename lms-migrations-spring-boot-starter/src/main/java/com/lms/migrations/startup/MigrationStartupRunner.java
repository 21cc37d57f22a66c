package com.lms.migrations.startup;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantMigrationsFailedException;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Applies migrations at startup: by default as the first {@link ApplicationRunner}, before the
 * application reports itself ready for traffic; with {@link MigrationStartupPhase#REFRESH} while
 * the context refreshes, before any {@code SmartLifecycle} bean (web server, schedulers, message
 * listeners) starts. A failure stops startup unless {@code lms.migrations.fail-on-error=false}, in
 * which case it is logged once and shown in health until the database no longer reflects it (see
 * {@link #getFailure()}).
 */
public class MigrationStartupRunner implements ApplicationRunner, InitializingBean, Ordered {

  private static final Logger log = LoggerFactory.getLogger(MigrationStartupRunner.class);

  private final MigrationRunner runner;
  private final MigrationStartupStrategy strategy;
  private final boolean failOnError;
  private final int targetVersion;
  private final MigrationStartupPhase phase;
  private final @Nullable TenantMigrations tenants;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean finished;

  /**
   * Creates the startup runner for a run of every migration.
   *
   * @param runner the migration runner
   * @param strategy what to do at startup
   * @param failOnError whether a failure stops startup
   */
  public MigrationStartupRunner(
      MigrationRunner runner, MigrationStartupStrategy strategy, boolean failOnError) {
    this(runner, strategy, failOnError, null);
  }

  /**
   * Creates the startup runner.
   *
   * @param runner the migration runner
   * @param strategy what to do at startup
   * @param failOnError whether a failure stops startup
   * @param targetVersion the highest version startup applies ({@code
   *     lms.migrations.target-version}), or {@code null} for all; tells when a startup failure has
   *     been made good
   */
  public MigrationStartupRunner(
      MigrationRunner runner,
      MigrationStartupStrategy strategy,
      boolean failOnError,
      @Nullable Integer targetVersion) {
    this(runner, strategy, failOnError, targetVersion, MigrationStartupPhase.RUNNER);
  }

  /**
   * Creates the startup runner.
   *
   * @param runner the migration runner
   * @param strategy what to do at startup
   * @param failOnError whether a failure stops startup
   * @param targetVersion the highest version startup applies, or {@code null} for all
   * @param phase when the migrations run
   */
  public MigrationStartupRunner(
      MigrationRunner runner,
      MigrationStartupStrategy strategy,
      boolean failOnError,
      @Nullable Integer targetVersion,
      MigrationStartupPhase phase) {
    this(runner, strategy, failOnError, targetVersion, phase, null);
  }

  /**
   * Creates the startup runner, for one database or for every tenant.
   *
   * @param runner the migration runner
   * @param strategy what to do at startup, for each tenant when there are tenants
   * @param failOnError whether a failure stops startup
   * @param targetVersion the highest version startup applies, or {@code null} for all
   * @param phase when the migrations run
   * @param tenants the tenants to migrate (then the runner's own database is not), or {@code null}
   */
  public MigrationStartupRunner(
      MigrationRunner runner,
      MigrationStartupStrategy strategy,
      boolean failOnError,
      @Nullable Integer targetVersion,
      MigrationStartupPhase phase,
      @Nullable TenantMigrations tenants) {
    this.tenants = tenants;
    this.phase = phase;
    this.runner = runner;
    this.strategy = strategy;
    this.failOnError = failOnError;
    this.targetVersion = targetVersion == null ? Integer.MAX_VALUE : targetVersion;
  }

  /**
   * In the {@link MigrationStartupPhase#REFRESH refresh} phase, applies the migrations; in the
   * runner phase, connects to MongoDB ahead of the run.
   */
  @Override
  public void afterPropertiesSet() {
    if (phase == MigrationStartupPhase.REFRESH) {
      migrate();
    } else {
      connectAhead();
    }
  }

  /**
   * Reads and validates the history on another thread while the context goes on refreshing: the
   * first operation of an application's client connects to MongoDB, and a cold JVM loads the
   * driver's read path and the runner's planning, which would otherwise happen on the way to
   * readiness (it was most of the starter's cost there). Changes nothing and decides nothing: the
   * run reads the history again, and reports any failure itself.
   */
  private void connectAhead() {
    Thread thread =
        new Thread(
            () -> {
              try {
                runner.validate();
              } catch (RuntimeException e) {
                log.debug(
                    "Could not connect to MongoDB ahead of the startup run: {}", e.toString());
              }
            },
            "lms-migrations-connect");
    thread.setDaemon(true);
    thread.start();
  }

  /** In the default {@link MigrationStartupPhase#RUNNER runner} phase, applies the migrations. */
  @Override
  public void run(ApplicationArguments args) {
    if (phase == MigrationStartupPhase.RUNNER) {
      migrate();
    }
  }

  /**
   * Whether the startup migrations have finished: successfully, or failed with {@code
   * fail-on-error=false}. Web requests are held until they have; a failure that stops startup
   * leaves them held until the application is closed.
   *
   * @return {@code true} once the startup run has ended and the application goes on
   */
  public boolean isFinished() {
    return finished;
  }

  private void migrate() {
    try {
      if (tenants == null) {
        strategy.migrate(runner);
      } else {
        migrateTenants(tenants);
      }
      finished = true;
    } catch (RuntimeException e) {
      if (failOnError) {
        // Startup fails: requests stay held (never served from a half-migrated schema) until the
        // context closes.
        throw e;
      }
      failure.set(e);
      finished = true;
      if (e instanceof MigrationFailedException) {
        // The runner already logged the migration's stack trace at ERROR: once is enough.
        log.error(
            "Migrations failed; starting anyway because lms.migrations.fail-on-error=false. {}",
            e.getMessage());
      } else {
        log.error(
            "Migrations failed; starting anyway because lms.migrations.fail-on-error=false. {}",
            FailureAdvice.describe(e),
            e);
      }
    }
  }

  /** Runs the strategy for every tenant, several at once; throws when any tenant failed. */
  private void migrateTenants(TenantMigrations tenants) {
    List<String> names = tenants.tenants();
    if (names.isEmpty()) {
      log.warn(
          "No tenant database to migrate: {} list none. Migrations run for each tenant as soon as"
              + " it is listed and the application restarts, or by TenantMigrations.migrate(name)",
          tenants.getSource().description());
      return;
    }
    long start = System.nanoTime();
    TenantRunReport report =
        tenants.forEach(
            names,
            tenant ->
                strategy
                    .migrateAndReport(tenant)
                    .map(MigrationStartupResult::applied)
                    .orElse(List.of()));
    long applied = report.outcomes().stream().mapToLong(outcome -> outcome.applied().size()).sum();
    String summary =
        "Migrated "
            + names.size()
            + (names.size() == 1 ? " tenant in " : " tenants in ")
            + DurationText.of(Duration.ofNanos(System.nanoTime() - start))
            + ": "
            + applied
            + (applied == 1 ? " migration" : " migrations")
            + " applied, "
            + report.failed().size()
            + " failed, "
            + report.notStarted().size()
            + " not started";
    if (report.failed().isEmpty() && report.notStarted().isEmpty()) {
      log.info("{}", summary);
    } else {
      log.warn("{}", summary);
    }
    report.throwIfFailed();
  }

  /**
   * Why startup migrations failed, when the application started anyway ({@code
   * fail-on-error=false}), for as long as that is still true of the database. Reads the database
   * while a failure is held, and forgets the failure for good once it is made good, by this
   * instance or any other:
   *
   * <ul>
   *   <li>a failed migration: once the history shows it neither failed nor running any more
   *       (applied again, rolled back, or marked applied or pending);
   *   <li>anything else (lock not obtained, validation error, database error): once the database is
   *       where a successful startup would have left it: nothing running or failed, nothing pending
   *       up to the target version, and the history valid.
   * </ul>
   *
   * @return the failure, or empty when startup migrations succeeded, have not run, or the failure
   *     has been made good
   */
  public Optional<RuntimeException> getFailure() {
    RuntimeException current = failure.get();
    if (current == null) {
      return Optional.empty();
    }
    Optional<RuntimeException> still = stillTrue(current);
    if (still.isEmpty()) {
      if (failure.compareAndSet(current, null)) {
        log.info(
            "The startup migration failure has been made good: {}",
            FailureAdvice.describe(current));
      }
    }
    return still;
  }

  /**
   * Whether a failure is made good; for tenants, the failure of those tenants not made good yet.
   */
  private Optional<RuntimeException> stillTrue(RuntimeException startupFailure) {
    if (tenants == null) {
      return isMadeGood(runner, startupFailure) ? Optional.empty() : Optional.of(startupFailure);
    }
    if (!(startupFailure instanceof TenantMigrationsFailedException failed)) {
      // The run over the tenants failed as a whole (listing them, a name, an interrupt): made good
      // once every tenant listed now is where a successful startup leaves it.
      try {
        for (MigrationRunner tenant : tenants.runners().values()) {
          if (!isMadeGood(tenant, startupFailure)) {
            return Optional.of(startupFailure);
          }
        }
        return Optional.empty();
      } catch (RuntimeException stillFailing) {
        return Optional.of(startupFailure);
      }
    }
    List<TenantOutcome> outcomes = new ArrayList<>();
    for (TenantOutcome outcome : failed.getReport().outcomes()) {
      boolean madeGood =
          switch (outcome.state()) {
            case SUCCEEDED -> true;
            // A tenant not started: made good once it is where a successful startup leaves it.
            case FAILED, NOT_STARTED ->
                isMadeGood(tenants.runnerFor(outcome.tenant()), outcome.failure());
          };
      outcomes.add(
          madeGood
              ? new TenantOutcome(
                  outcome.tenant(), TenantOutcome.State.SUCCEEDED, List.of(), null, Duration.ZERO)
              : outcome);
    }
    // The tenants still to make good, described as the startup failure described them.
    try {
      new TenantRunReport(outcomes).throwIfFailed();
      return Optional.empty();
    } catch (TenantMigrationsFailedException remaining) {
      return Optional.of(remaining);
    }
  }

  private boolean isMadeGood(MigrationRunner runner, @Nullable Throwable startupFailure) {
    if (startupFailure instanceof MigrationFailedException failed) {
      return runner
          .getStatus(failed.getMigrationName())
          .map(
              status ->
                  status.status() != MigrationState.RUNNING
                      && status.status() != MigrationState.FAILED)
          .orElse(true);
    }
    // One read: nothing running or failed, nothing left to apply, and the history valid.
    MigrationsInfo info = runner.info();
    // Background migrations run after startup, whatever startup left: they do not count here.
    Set<String> background =
        info.background().stream().map(BackgroundProgress::name).collect(Collectors.toSet());
    boolean settled =
        info.plan().isEmpty()
            && info.migrations().stream()
                .filter(status -> !background.contains(status.name()))
                .noneMatch(
                    status ->
                        status.status() == MigrationState.RUNNING
                            || status.status() == MigrationState.FAILED);
    return settled && info.validation().isValid();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
