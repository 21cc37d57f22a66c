package com.lms.migrations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gauges of background migrations, read from the database through a cached snapshot. */
@ExtendWith(MongoDatabaseExtension.class)
class BackgroundMigrationsMetricsTests {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    Backfill.insertItems(db.database());
  }

  @Test
  void gaugesFollowABackgroundMigrationThatAWorkerRunsToItsEnd() throws Exception {
    Backfill.Hold hold = new Backfill.Hold();
    MigrationRunner runner = runner(Backfill.migration("backfill_level", 2, hold));
    new BackgroundMigrationsMetrics(runner, Duration.ZERO).bindTo(registry);

    try (BackgroundWorker worker = runner.background().start(Duration.ofMillis(50));
        hold) {
      hold.awaitHeld(db.database());

      assertThat(states()).containsExactly(0.0, 1.0, 0.0, 0.0, 0.0);
      assertThat(gauge(BackgroundMigrationsMetrics.PROCESSED_GAUGE))
          .isEqualTo(Backfill.Hold.PROCESSED_WHEN_HELD);
      assertThat(gauge(BackgroundMigrationsMetrics.TOTAL_GAUGE)).isEqualTo(Backfill.ITEMS);
      assertThat(gauge(BackgroundMigrationsMetrics.RATE_GAUGE)).isPositive();

      hold.release();
      Poll.until(
          "backfill_level to complete",
          Duration.ofSeconds(30),
          () -> state(BackgroundState.COMPLETED) == 1.0);
    }
    assertThat(states()).containsExactly(0.0, 0.0, 0.0, 1.0, 0.0);
    assertThat(gauge(BackgroundMigrationsMetrics.PROCESSED_GAUGE)).isEqualTo(Backfill.ITEMS);
    assertThat(gauge(BackgroundMigrationsMetrics.RATE_GAUGE))
        .as("no rate once it stopped running")
        .isZero();
  }

  @Test
  void aQueuedMigrationHasNoTotalYetAndRegularMigrationsHaveNoGauges() {
    MigrationRunner runner =
        runner(
            TestMigration.recording("add_index", 1),
            Backfill.migration("backfill_level", 2, item -> {}));
    new BackgroundMigrationsMetrics(runner).bindTo(registry);

    assertThat(states()).containsExactly(1.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(gauge(BackgroundMigrationsMetrics.PROCESSED_GAUGE)).isZero();
    assertThat(gauge(BackgroundMigrationsMetrics.TOTAL_GAUGE)).isNaN();
    assertThat(gauge(BackgroundMigrationsMetrics.RATE_GAUGE)).isZero();
    assertThat(registry.find(BackgroundMigrationsMetrics.PROCESSED_GAUGE).gauges())
        .extracting(gauge -> gauge.getId().getTag("migration"))
        .containsExactly("backfill_level");
  }

  @Test
  void aScrapeOfEveryGaugeReadsTheProgressOnceWithinTheTimeToLive() {
    MigrationRunner runner = runner(Backfill.migration("backfill_level", 2, item -> {}));
    AtomicInteger reads = new AtomicInteger();
    long[] now = {0};
    Supplier<List<BackgroundProgress>> counted =
        () -> {
          reads.incrementAndGet();
          return runner.background().progress();
        };
    new BackgroundMigrationsMetrics(
            List.of("backfill_level"), counted, Duration.ofSeconds(5), () -> now[0])
        .bindTo(registry);

    scrape();
    scrape();
    assertThat(reads).hasValue(1);

    runner.background().throttle("backfill_level", 100);
    runner.background().pause("backfill_level");
    now[0] += Duration.ofSeconds(5).toNanos();
    assertThat(state(BackgroundState.PAUSED)).isEqualTo(1.0);
    scrape();
    assertThat(reads).hasValue(2);
  }

  @Test
  void everyGaugeIsNaNWhileTheProgressCannotBeReadAndTheFailureIsReadOncePerTimeToLive() {
    AtomicInteger reads = new AtomicInteger();
    new BackgroundMigrationsMetrics(
            List.of("backfill_level"),
            () -> {
              reads.incrementAndGet();
              throw new IllegalStateException("Timed out while waiting for a server");
            },
            Duration.ofSeconds(5),
            () -> 0L)
        .bindTo(registry);

    assertThat(registry.getMeters())
        .hasSize(8)
        .allSatisfy(meter -> assertThat(((Gauge) meter).value()).isNaN());
    assertThat(reads).hasValue(1);
  }

  /** Reads every gauge, as a registry does on a scrape. */
  private void scrape() {
    registry.getMeters().forEach(meter -> ((Gauge) meter).value());
  }

  private double gauge(String name) {
    return registry.get(name).tag("migration", "backfill_level").gauge().value();
  }

  private double state(BackgroundState state) {
    return registry
        .get(BackgroundMigrationsMetrics.STATE_GAUGE)
        .tag("migration", "backfill_level")
        .tag("state", state.name().toLowerCase(Locale.ROOT))
        .gauge()
        .value();
  }

  /** The state gauges in the order queued, running, paused, completed, failed. */
  private List<Double> states() {
    return java.util.Arrays.stream(BackgroundState.values()).map(this::state).toList();
  }

  private MigrationRunner runner(com.lms.migrations.Migration... migrations) {
    MigrationRunner runner = new MigrationRunner(db.newTemplate());
    for (com.lms.migrations.Migration migration : migrations) {
      runner.register(migration);
    }
    return runner;
  }
}
