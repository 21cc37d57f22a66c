package com.lms.migrations.metrics;

import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunSummary;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

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
  private final AtomicInteger pending = new AtomicInteger(-1);
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
    Gauge.builder(PENDING_GAUGE, this, MigrationMetrics::pendingCount)
        .description("Registered migrations that are not applied")
        .register(registry);
  }

  /**
   * The listener that records runs; add it to the runner.
   *
   * @return the listener
   */
  public MigrationListener listener() {
    return new MigrationListener() {
      @Override
      public void migrationFinished(MigrationExecution execution) {
        record(execution);
      }

      @Override
      public void runFinished(MigrationRunSummary summary) {
        pending.set(summary.pending());
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
        .tag("outcome", execution.outcome() == MigrationState.FAILED ? "failure" : "success")
        .register(target)
        .record(execution.duration());
  }

  private double pendingCount() {
    int known = pending.get();
    if (known < 0) {
      known = (int) runner.getStatuses().stream().filter(status -> !status.isApplied()).count();
      pending.compareAndSet(-1, known);
    }
    return known;
  }
}
