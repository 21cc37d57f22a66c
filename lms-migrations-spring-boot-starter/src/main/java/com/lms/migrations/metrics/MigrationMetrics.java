package com.lms.migrations.metrics;

import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;

/**
 * Micrometer metrics: a timer {@code lms.migrations.execution} per migration run (tags {@code
 * migration}, {@code direction}, {@code outcome}) and a gauge {@code lms.migrations.pending}.
 */
public final class MigrationMetrics implements MeterBinder {

  /** Name of the timer. */
  public static final String EXECUTION_TIMER = "lms.migrations.execution";

  /** Name of the gauge. */
  public static final String PENDING_GAUGE = "lms.migrations.pending";

  private final MigrationRunner runner;
  private volatile MeterRegistry registry;

  /**
   * Creates metrics for one runner.
   *
   * @param runner the runner
   */
  public MigrationMetrics(MigrationRunner runner) {
    this.runner = runner;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(PENDING_GAUGE, runner, MigrationMetrics::pendingCount)
        .description("Registered migrations that are not applied, as recorded in MongoDB")
        .register(registry);
  }

  /**
   * The listener that times each migration run; add it to the runner.
   *
   * @return the listener
   */
  public MigrationListener listener() {
    return new MigrationListener() {
      @Override
      public void migrationFinished(MigrationExecution execution) {
        record(execution);
      }
    };
  }

  private void record(MigrationExecution execution) {
    MeterRegistry target = registry;
    if (target == null) {
      return;
    }
    Timer.builder(EXECUTION_TIMER)
        .description("Time taken to apply or roll back a migration")
        .tag("migration", execution.name())
        .tag("direction", execution.direction().name().toLowerCase(Locale.ROOT))
        .tag("outcome", execution.succeeded() ? "success" : "failure")
        .register(target)
        .record(execution.duration());
  }

  /** Read on each scrape, so it shows what every instance did; NaN when MongoDB is unreachable. */
  private static double pendingCount(MigrationRunner runner) {
    try {
      return runner.getStatuses().stream().filter(status -> !status.isApplied()).count();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
