package com.lms.migrations.metrics;

import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.tenant.TenantMigrations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer metrics: a timer {@code lms.migrations.execution} per migration run (tags {@code
 * migration}, {@code direction}, {@code outcome}) and a gauge {@code lms.migrations.pending}. A
 * {@link MigrationListener} (the runner's listener times each run) and a {@link MeterBinder}
 * (Spring Boot binds it to every registry).
 */
public final class MigrationsMetrics implements MeterBinder, MigrationListener {

  /** Name of the timer. */
  public static final String EXECUTION_TIMER = "lms.migrations.execution";

  /** Name of the gauge. */
  public static final String PENDING_GAUGE = "lms.migrations.pending";

  private static final Logger log = LoggerFactory.getLogger(MigrationsMetrics.class);

  private final Supplier<MigrationsInfo> info;
  private final boolean timeExecutions;
  private final Supplier<@Nullable TenantMigrations> tenants;
  private volatile @Nullable MeterRegistry registry;
  private final Set<List<Object>> tenantGauges = ConcurrentHashMap.newKeySet();

  /**
   * Creates metrics for one runner.
   *
   * @param runner the runner
   */
  public MigrationsMetrics(MigrationRunner runner) {
    this(runner::info);
  }

  /**
   * Creates metrics from a read model, read on each scrape; lets the metrics be created before the
   * runner they listen to is built.
   *
   * @param info reads where the schema stands
   */
  public MigrationsMetrics(Supplier<MigrationsInfo> info) {
    this(info, true);
  }

  /**
   * Creates metrics from a read model, timing each migration run or leaving that to the migration
   * observations: when an {@code ObservationRegistry} turns observations into meters (Spring Boot's
   * default with Micrometer), the observation {@code lms.migrations.execution} is this timer, with
   * the same tags and an {@code error} tag, and timing it here too would publish it twice.
   *
   * @param info reads where the schema stands
   * @param timeExecutions whether this times each run ({@value #EXECUTION_TIMER}); {@code false}
   *     publishes only the gauge
   */
  public MigrationsMetrics(Supplier<MigrationsInfo> info, boolean timeExecutions) {
    this(info, timeExecutions, () -> null);
  }

  /**
   * Creates metrics that, when there are tenants, tag everything with {@code tenant}: a gauge per
   * tenant (also for a tenant whose runner is created later, such as one added at run time) and the
   * timer of each tenant's runs.
   *
   * @param info reads where the schema stands, when there are no tenants
   * @param timeExecutions whether this times each run
   * @param tenants the tenants, or {@code null} when there are none; asked when bound to a registry
   */
  public MigrationsMetrics(
      Supplier<MigrationsInfo> info,
      boolean timeExecutions,
      Supplier<@Nullable TenantMigrations> tenants) {
    this.info = info;
    this.timeExecutions = timeExecutions;
    this.tenants = tenants;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    TenantMigrations tenantMigrations = tenants.get();
    if (tenantMigrations == null) {
      Gauge.builder(PENDING_GAUGE, info, MigrationsMetrics::pendingCount)
          .description("Registered migrations that are not applied, as recorded in MongoDB")
          .register(registry);
      return;
    }
    // Listing the tenants may read MongoDB (a pattern): never let that stop the application. A
    // tenant missed here gets its gauge once its runner is created (startup, or first use).
    try {
      tenantMigrations
          .tenants()
          .forEach(
              tenant ->
                  pendingGauge(
                      registry,
                      tenant,
                      () -> tenantMigrations.runnerFor(tenant).info().migrations()));
    } catch (RuntimeException e) {
      log.warn(
          "Could not list the tenants for the {} gauges ({}); each tenant gets its gauge once it"
              + " is first migrated or read",
          PENDING_GAUGE,
          e.toString());
    }
  }

  @Override
  public void migrationFinished(MigrationExecution execution) {
    time(execution, null);
  }

  /** The listener of a tenant's runner: tags its runs, and gives it a gauge. */
  @Override
  public MigrationListener forOtherDatabase(MigrationRunner runner) {
    MeterRegistry target = registry;
    if (tenants.get() == null) {
      return this;
    }
    String tenant = runner.getDatabaseName();
    if (target != null) {
      pendingGauge(target, tenant, () -> runner.info().migrations());
    }
    return new MigrationListener() {
      @Override
      public void migrationFinished(MigrationExecution execution) {
        time(execution, tenant);
      }
    };
  }

  /**
   * Registers a tenant's gauge in a registry once (Micrometer warns about a second one). It reads
   * the tenant's statuses only, one command per scrape: with many tenants, each scrape reads them
   * all.
   */
  private void pendingGauge(
      MeterRegistry registry, String tenant, Supplier<List<MigrationStatus>> statuses) {
    if (!tenantGauges.add(List.of(registry, tenant))) {
      return;
    }
    Gauge.builder(PENDING_GAUGE, statuses, MigrationsMetrics::countPending)
        .description("Registered migrations that are not applied, as recorded in MongoDB")
        .tag("tenant", tenant)
        // Only the gauge holds this supplier: a weak reference (the default) would be collected
        // and the gauge read NaN from then on.
        .strongReference(true)
        .register(registry);
  }

  private void time(MigrationExecution execution, @Nullable String tenant) {
    MeterRegistry target = registry;
    if (target == null || !timeExecutions) {
      return;
    }
    Timer.Builder timer =
        Timer.builder(EXECUTION_TIMER)
            .description("Time taken to apply or roll back a migration")
            .tag("migration", execution.name())
            .tag("direction", execution.direction().name().toLowerCase(Locale.ROOT))
            .tag("outcome", execution.succeeded() ? "success" : "failure");
    if (tenant != null) {
      timer.tag("tenant", tenant);
    }
    timer.register(target).record(execution.duration());
  }

  /** Read on each scrape, so it shows what every instance did; NaN when MongoDB is unreachable. */
  private static double pendingCount(Supplier<MigrationsInfo> info) {
    try {
      return info.get().pending().size();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Like {@link #pendingCount}, from the statuses alone. */
  private static double countPending(Supplier<List<MigrationStatus>> statuses) {
    try {
      return statuses.get().stream().filter(status -> !status.isApplied()).count();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
