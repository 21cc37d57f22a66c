package com.lms.migrations.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code migrations} health with background migrations: their progress, and DOWN on failure.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationsHealthIndicatorBackgroundTests {

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    Backfill.insertItems(db.database());
  }

  @Test
  void runningPausedAndQueuedBackgroundMigrationsKeepItUpAndShowTheirProgress() throws Exception {
    Backfill.Hold hold = new Backfill.Hold();
    MigrationRunner runner =
        runner(
            Backfill.migration("backfill_level", 1, hold),
            Backfill.migration("backfill_tags", 2, item -> {}),
            Backfill.migration("backfill_codes", 3, item -> {}));
    runner.background().pause("backfill_tags");

    try (BackgroundWorker worker = runner.background().start(Duration.ofMillis(50));
        hold) {
      hold.awaitHeld(db.database());

      Health health = new MigrationsHealthIndicator(runner).health(true);

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).doesNotContainKey("failed").containsEntry("pending", 3L);
      List<Map<String, Object>> background = background(health);
      assertThat(background)
          .extracting(entry -> entry.get("name"), entry -> entry.get("state"))
          .containsExactly(
              tuple("backfill_level", "running"),
              tuple("backfill_tags", "paused"),
              tuple("backfill_codes", "queued"));
      assertThat(background.get(0))
          .containsOnlyKeys("name", "state", "processed", "total", "percent", "etaSeconds")
          .containsEntry("processed", (long) Backfill.Hold.PROCESSED_WHEN_HELD)
          .containsEntry("total", (long) Backfill.ITEMS)
          .containsEntry("percent", 20.0);
      assertThat(background.get(0).get("etaSeconds")).isInstanceOf(Long.class);
      assertThat(background.get(2))
          .containsEntry("processed", 0L)
          .containsEntry("total", null)
          .containsEntry("percent", null)
          .containsEntry("etaSeconds", null);
    }
  }

  @Test
  void aFailedBackgroundMigrationMakesItDownNamingTheBadDocument() {
    db.database()
        .getCollection("items")
        .updateOne(Filters.eq("_id", 3777), Updates.set("credits", "three"));
    MigrationRunner runner =
        runner(
            Backfill.migration(
                "backfill_level",
                1,
                item -> {
                  if ("three".equals(item.get("credits"))) {
                    throw new NumberFormatException("For input string: \"three\"");
                  }
                }));
    assertThatThrownBy(() -> runner.background().runNext(() -> false))
        .isInstanceOf(MigrationFailedException.class);

    Health health = new MigrationsHealthIndicator(runner).health(true);

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    List<?> failed = (List<?>) health.getDetails().get("failed");
    assertThat(failed).hasSize(1);
    Map<?, ?> failure = (Map<?, ?>) failed.get(0);
    assertThat(failure.get("name")).isEqualTo("backfill_level");
    assertThat((String) failure.get("error"))
        .contains("could not transform document _id=3777: NumberFormatException");
    assertThat(background(health).get(0))
        .containsEntry("state", "failed")
        .containsEntry("processed", 3500L)
        .containsEntry("percent", 70.0)
        .containsEntry("etaSeconds", null);
  }

  @Test
  void withoutBackgroundMigrationsThereIsNoBackgroundDetail() {
    MigrationRunner runner = runner(TestMigration.recording("add_index", 1));

    Health health = new MigrationsHealthIndicator(runner).health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).doesNotContainKey("background");
  }

  private MigrationRunner runner(Migration... migrations) {
    MigrationRunner runner = new MigrationRunner(db.newTemplate());
    for (Migration migration : migrations) {
      runner.register(migration);
    }
    return runner;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> background(Health health) {
    return (List<Map<String, Object>>) health.getDetails().get("background");
  }
}
