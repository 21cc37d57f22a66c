package com.lms.migrations.metrics;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer gauges of each {@link BackgroundMigration}, tagged {@code migration=<name>}:
 *
 * <ul>
 *   <li>{@code lms.migrations.background.processed}: documents processed so far;
 *   <li>{@code lms.migrations.background.total}: documents its job expects to process, NaN while
 *       unknown;
 *   <li>{@code lms.migrations.background.rate}: documents per second while it runs, 0 otherwise;
 *   <li>{@code lms.migrations.background.state}: one gauge per state, tagged also {@code
 *       state=queued|running|paused|completed|failed}, 1 for the state it is in and 0 for the
 *       others, so that summing {@code state="running"} over {@code migration} counts the running
 *       ones.
 * </ul>
 *
 * <p>The values come from the database, so every instance reports the same ones, whichever instance
 * runs the migration: aggregate over instances with {@code max}, not {@code sum}.
 *
 * <p>The registry holds the gauges' binder strongly, so they keep reporting however the binder was
 * created. All gauges read one snapshot of the progress, read from the database at most once per
 * time to live (5 s by default), whatever the number of gauges and registries. Every gauge is NaN
 * while the database cannot be read.
 */
public final class BackgroundMigrationsMetrics implements MeterBinder {

  /** Name of the gauge of processed documents. */
  public static final String PROCESSED_GAUGE = "lms.migrations.background.processed";

  /** Name of the gauge of the documents expected. */
  public static final String TOTAL_GAUGE = "lms.migrations.background.total";

  /** Name of the gauge of the rate in documents per second. */
  public static final String RATE_GAUGE = "lms.migrations.background.rate";

  /** Name of the gauges of the state, one per {@link BackgroundState}. */
  public static final String STATE_GAUGE = "lms.migrations.background.state";

  /** How long a read of the progress serves the gauges by default. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(5);

  private final List<String> names;
  private final CachedBackgroundProgress progress;

  /**
   * Creates the gauges of a runner's background migrations, with the default time to live.
   *
   * @param runner the runner; its background migrations are known once it is built
   */
  public BackgroundMigrationsMetrics(MigrationRunner runner) {
    this(runner, DEFAULT_TIME_TO_LIVE);
  }

  /**
   * Creates the gauges of a runner's background migrations.
   *
   * @param runner the runner; its background migrations are known once it is built
   * @param timeToLive how long one read of the progress serves the gauges
   */
  public BackgroundMigrationsMetrics(MigrationRunner runner, Duration timeToLive) {
    // Not runner.background()::progress, which would build the runner's engine at startup.
    this(
        backgroundNames(runner),
        () -> runner.background().progress(),
        timeToLive,
        System::nanoTime);
  }

  BackgroundMigrationsMetrics(
      List<String> names,
      Supplier<List<BackgroundProgress>> progress,
      Duration timeToLive,
      LongSupplier nanoTime) {
    if (timeToLive.isNegative()) {
      throw new IllegalArgumentException(
          "time to live must not be negative but was " + DurationText.of(timeToLive));
    }
    this.names = List.copyOf(names);
    this.progress = new CachedBackgroundProgress(progress, timeToLive, nanoTime);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String name : names) {
      gauge(
          registry,
          PROCESSED_GAUGE,
          name,
          "Documents a background migration processed so far",
          BackgroundProgress::processed);
      gauge(
          registry,
          TOTAL_GAUGE,
          name,
          "Documents a background migration expects to process, NaN while unknown",
          current -> current.total() == null ? Double.NaN : current.total());
      gauge(
          registry,
          RATE_GAUGE,
          name,
          "Documents per second a background migration processes while it runs, 0 otherwise",
          current -> current.state() == BackgroundState.RUNNING ? current.documentsPerSecond() : 0);
      for (BackgroundState state : BackgroundState.values()) {
        Gauge.builder(
                STATE_GAUGE,
                this,
                metrics -> metrics.value(name, current -> current.state() == state ? 1 : 0))
            .description("1 for the state a background migration is in, 0 for the others")
            .tag("migration", name)
            .tag("state", state.name().toLowerCase(Locale.ROOT))
            .strongReference(true)
            .register(registry);
      }
    }
  }

  private void gauge(
      MeterRegistry registry,
      String gauge,
      String name,
      String description,
      ToDoubleFunction<BackgroundProgress> value) {
    Gauge.builder(gauge, this, metrics -> metrics.value(name, value))
        .description(description)
        .tag("migration", name)
        .strongReference(true)
        .register(registry);
  }

  private double value(String name, ToDoubleFunction<BackgroundProgress> value) {
    @Nullable BackgroundProgress current = progress.get(name);
    return current == null ? Double.NaN : value.applyAsDouble(current);
  }

  private static List<String> backgroundNames(MigrationRunner runner) {
    return runner.getMigrations().stream()
        .filter(BackgroundMigration.class::isInstance)
        .map(migration -> migration.name())
        .toList();
  }
}
