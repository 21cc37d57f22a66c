package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundMigrationRunningException;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Background migrations: left out of runs, run by a worker, paused, resumed, required. */
@ExtendWith(MongoDatabaseExtension.class)
class BackgroundMigrationTests {

  private static final int ITEMS = Backfill.ITEMS;
  private static final int BATCH = Backfill.BATCH;

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    List<Document> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new Document("_id", i));
    }
    items().insertMany(items);
  }

  @Test
  void runsLeaveBackgroundMigrationsToTheWorkerWithoutCallingThemLate() {
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.register(TestMigration.recording("add_index", 3));

    List<MigrationStatus> applied = runner.validateAndUpTo(Integer.MAX_VALUE);

    assertThat(applied).extracting(MigrationStatus::name).containsExactly("add_index");
    MigrationsInfo info = runner.info();
    assertThat(info.find("backfill_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(info.validation().findings()).isEmpty();
    assertThat(info.background())
        .singleElement()
        .satisfies(
            progress -> {
              assertThat(progress.state()).isEqualTo(BackgroundState.QUEUED);
              assertThat(progress.processed()).isZero();
            });
    assertThat(items().countDocuments(Filters.exists("level"))).isZero();
  }

  @Test
  void theWorkerRunsItToTheEndRecordingProgressAndTransformingEachDocumentOnce() {
    MigrationRunner runner = runner(backfill(item -> {}));

    Optional<MigrationStatus> ran = runner.background().runNext(() -> false);

    assertThat(ran.orElseThrow().status()).isEqualTo(MigrationState.COMPLETED);
    BackgroundProgress progress = runner.background().progress("backfill_level");
    assertThat(progress.state()).isEqualTo(BackgroundState.COMPLETED);
    assertThat(progress.processed()).isEqualTo(ITEMS);
    assertThat(progress.total()).isEqualTo((long) ITEMS);
    assertThat(progress.job()).isEqualTo("backfill_level/items");
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
    assertThat(runner.background().runNext(() -> false)).isEmpty();
    assertThat(db.database().getCollection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void pauseStopsItBetweenBatchesAndResumeCarriesOnFromTheCheckpoint() {
    MigrationRunner[] runner = new MigrationRunner[1];
    AtomicBoolean pausedOnce = new AtomicBoolean();
    runner[0] =
        runner(
            backfill(
                item -> {
                  if (item.getInteger("_id") == 1200 && !pausedOnce.getAndSet(true)) {
                    runner[0].background().pause("backfill_level"); // an operator, meanwhile
                  }
                }));

    MigrationStatus stopped = runner[0].background().runNext(() -> false).orElseThrow();

    assertThat(stopped.status()).isEqualTo(MigrationState.PENDING);
    BackgroundProgress paused = runner[0].background().progress("backfill_level");
    assertThat(paused.state()).isEqualTo(BackgroundState.PAUSED);
    // It stops after the batch being written when the pause is seen: batch 2 or batch 3.
    long done = items().countDocuments(Filters.eq("times", 1));
    assertThat(done).isIn(1000L, 1500L);
    assertThat(paused.processed()).isEqualTo(done);
    assertThat(paused.describe())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "backfill_level: paused, %d%% (%,d of 5,000 documents)",
                done * 100 / ITEMS,
                done));
    assertThat(runner[0].getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SUSPENDED", MigrationState.PENDING));
    assertThat(runner[0].background().runNext(() -> false)).isEmpty();

    assertThat(runner[0].background().resume("backfill_level").state())
        .isEqualTo(BackgroundState.QUEUED);
    assertThat(runner[0].background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);

    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
    assertThat(runner[0].getLogs("backfill_level"))
        .extracting(MigrationLogEntry::message)
        .contains(
            "backfill_level/items: resuming after _id "
                + (done - 1)
                + " ("
                + done
                + " documents already processed)");
  }

  @Test
  void aMigrationStoppedHalfWayCanBeRolledBackAndThenStartsAfresh() {
    AtomicBoolean stopping = new AtomicBoolean();
    MigrationRunner runner =
        runner(
            backfill(
                item -> {
                  if (item.getInteger("_id") == 10) {
                    stopping.set(true); // its instance stops during the first batch
                  }
                }));
    runner.background().runNext(stopping::get);
    stopping.set(false);

    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(BATCH);
    MigrationStatus rolledBack = runner.down("backfill_level");

    assertThat(rolledBack.status()).isEqualTo(MigrationState.PENDING);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(db.database().getCollection("lms_migrations_checkpoints").countDocuments()).isZero();
    assertThat(runner.getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("SUSPENDED", "DOWN");
    BackgroundProgress rolledBackProgress = runner.background().progress("backfill_level");
    assertThat(rolledBackProgress.processed()).isZero();
    assertThat(rolledBackProgress.state())
        .as("paused, or the worker would apply it again at once")
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(runner.background().runNext(() -> false)).isEmpty();

    runner.background().resume("backfill_level");
    assertThat(runner.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @Test
  void aRollbackInTheBackgroundRunsDownOnAWorkerAndLeavesItPaused() {
    MigrationRunner runner = runner(backfill(item -> {}));
    assertThatThrownBy(() -> runner.background().rollback("backfill_level"))
        .isInstanceOf(MigrationNotAppliedException.class)
        .hasMessageStartingWith("Cannot roll back migration 'backfill_level': it is PENDING");
    runner.background().runNext(() -> false);

    runner.background().rollback("backfill_level");
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
    MigrationStatus rolledBack = runner.background().runNext(() -> false).orElseThrow();

    assertThat(rolledBack.status()).isEqualTo(MigrationState.PENDING);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner.getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP", "DOWN");
    assertThat(runner.background().progress("backfill_level").state())
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(runner.background().runNext(() -> false)).isEmpty();
  }

  @Test
  void anInstanceThatStopsLeavesItQueuedAndAnotherOneCarriesOn() {
    AtomicBoolean stopping = new AtomicBoolean();
    MigrationRunner first =
        runner(
            backfill(
                item -> {
                  if (item.getInteger("_id") == 700) {
                    stopping.set(true); // shutdown starts while batch 2 runs
                  }
                }));
    MigrationRunner second = runner(backfill(item -> {}));

    assertThat(first.background().runNext(stopping::get).orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(second.background().progress("backfill_level").state())
        .isEqualTo(BackgroundState.QUEUED);
    assertThat(second.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);

    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
    assertThat(second.getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("SUSPENDED", "UP");
  }

  @Test
  void aBadDocumentFailsItNamingTheIdAndWorkersLeaveItUntilAnOperatorResumesIt() {
    items().updateOne(Filters.eq("_id", 3777), Updates.set("credits", "three"));
    MigrationRunner runner =
        runner(
            backfill(
                item -> {
                  if ("three".equals(item.get("credits"))) {
                    throw new NumberFormatException("For input string: \"three\"");
                  }
                }));

    assertThatThrownBy(() -> runner.background().runNext(() -> false))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("could not transform document _id=3777");
    BackgroundProgress failed = runner.background().progress("backfill_level");
    assertThat(failed.state()).isEqualTo(BackgroundState.FAILED);
    assertThat(failed.status().error())
        .contains("could not transform document _id=3777: NumberFormatException");
    assertThat(failed.processed()).isEqualTo(3500);
    assertThat(runner.background().runNext(() -> false)).isEmpty();

    items().updateOne(Filters.eq("_id", 3777), Updates.set("credits", 3));
    runner.background().resume("backfill_level");
    assertThat(runner.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @Test
  void aMigrationRequiringAnUnfinishedBackgroundOneRunsNothingAndNamesItsProgress() {
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.register(TestMigration.recording("require_level", 3).requiring("backfill_level"));
    runner.background().pause("backfill_level");

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(RequiredMigrationNotFinishedException.class)
        .hasMessage(
            "Migration 'require_level' (version 3) requires background migration"
                + " 'backfill_level', which has not completed (backfill_level: paused). Nothing"
                + " was run. Let it finish (its progress:"
                + " MigrationRunner.background().progress()) and run again, or set"
                + " MigrationSettings.requiredWaitTime to wait for it.");
    assertThat(runner.getStatus("require_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);

    runner.background().resume("backfill_level");
    runner.background().runNext(() -> false);
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("require_level");
  }

  @Test
  void aRegularMigrationBelowARequiredBackgroundOneIsAppliedFirstSoTheWorkerCanRunIt() {
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.register(TestMigration.recording("add_index", 1));
    runner.register(TestMigration.recording("require_level", 3).requiring("backfill_level"));

    // The worker waits for add_index (below it); the run applies add_index before it refuses.
    assertThat(runner.background().runNext(() -> false)).isEmpty();
    assertThatThrownBy(runner::upAll)
        .isInstanceOf(RequiredMigrationNotFinishedException.class)
        .hasMessageContaining(
            "(backfill_level: queued). The migrations below it were applied; it and those after"
                + " it were not run.");
    assertThat(runner.getStatus("add_index").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.getStatus("require_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);

    assertThat(runner.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("require_level");
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @Test
  void aRequiredWaitLetsTheRunWaitForTheWorkerOfAnotherInstance() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    MigrationRunner other = runner(backfill(item -> awaitQuietly(waiting)));
    MigrationRunner starting =
        runner(
            MigrationSettings.defaults().withRequiredWaitTime(Duration.ofMinutes(1)),
            backfill(item -> {}));
    starting.register(TestMigration.recording("require_level", 3).requiring("backfill_level"));

    try (BackgroundWorker worker = other.background().start(Duration.ofMillis(50))) {
      Thread release =
          new Thread(
              () -> {
                Poll.until(
                    "the other instance to run it",
                    Duration.ofSeconds(30),
                    () ->
                        starting.background().progress("backfill_level").state()
                            == BackgroundState.RUNNING);
                waiting.countDown();
              });
      release.start();
      assertThat(starting.upAll())
          .extracting(MigrationStatus::name)
          .containsExactly("require_level");
      release.join();
    }
    assertThat(starting.getStatus("backfill_level").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @Test
  void runningOrRollingItBackByHandWhileAWorkerRunsItIsRefused() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MigrationRunner runner =
        runner(
            backfill(
                item -> {
                  if (item.getInteger("_id") == 10) {
                    inside.countDown();
                    awaitQuietly(release);
                  }
                }));
    try (BackgroundWorker worker = runner.background().start(Duration.ofMillis(50))) {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> runner.up("backfill_level"))
          .isInstanceOf(BackgroundMigrationRunningException.class)
          .hasMessageStartingWith("Background migration 'backfill_level' is being run by owner ")
          .hasMessageEndingWith(
              "; pause it (MigrationRunner.background().pause(\"backfill_level\")) and try again"
                  + " once it has stopped between two batches");
      assertThatThrownBy(() -> runner.down("backfill_level"))
          .isInstanceOf(BackgroundMigrationRunningException.class);
      release.countDown();
      Poll.until(
          "the worker to finish",
          Duration.ofSeconds(30),
          () -> runner.getStatus("backfill_level").orElseThrow().isApplied());
    }
    assertThat(runner.down("backfill_level").status()).isEqualTo(MigrationState.PENDING);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
  }

  @Test
  void onlyBackgroundMigrationsCanBePausedAndThrottlesMustNotBeNegative() {
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.register(TestMigration.recording("add_index", 3));

    assertThatThrownBy(() -> runner.background().pause("add_index"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Migration 'add_index' is not a background migration; only a BackgroundMigration can"
                + " be paused, resumed or throttled");
    assertThatThrownBy(() -> runner.background().pause("nope"))
        .isInstanceOf(UnknownMigrationException.class);
    assertThatThrownBy(() -> runner.background().throttle("backfill_level", -1))
        .hasMessage("max documents per second must not be negative but was -1");
    assertThat(runner.background().throttle("backfill_level", 250).maxPerSecond()).isEqualTo(250);
  }

  /** Counts each transformation of an item in {@code times}, so doing one twice shows. */
  private static BackgroundMigration backfill(Backfill.Check check) {
    return Backfill.migration("backfill_level", 2, check);
  }

  private MigrationRunner runner(Migration migration) {
    return runner(MigrationSettings.defaults(), migration);
  }

  private MigrationRunner runner(MigrationSettings settings, Migration migration) {
    MigrationRunner runner =
        new MigrationRunner(
            db.newTemplate(),
            settings.withLock(settings.lock().withPollInterval(Duration.ofMillis(50))));
    runner.register(migration);
    return runner;
  }

  private MongoCollection<Document> items() {
    return db.database().getCollection("items");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
