package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundMigrationRunningException;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.batch.BatchCheckpoint;
import com.lms.migrations.batch.JobKey;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.verify.ReversibilityCheck;
import com.lms.migrations.verify.ReversibilityReport;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where two capabilities meet (INTERACTIONS.md): the background worker and the run rules, rollbacks
 * and operator controls, marking and leases, an older build and a newer build's live run. Each test
 * sets up both sides and asserts the documents left, the leases and the controls.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MeetingPointTests {

  private static final int ITEMS = Backfill.ITEMS;

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    Backfill.insertItems(db.database());
  }

  @Test
  void aDryRunWorkerWritesNothingAtAll() {
    MigrationRunner runner = runner(backfill(item -> {}));

    assertThat(
            runner.background().runNext(() -> false, new RunRules(Integer.MAX_VALUE, true, true)))
        .isEmpty();
    assertThat(
            runner.background().runNext(() -> false, new RunRules(Integer.MAX_VALUE, false, false)))
        .isEmpty();

    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(collection("lms_migrations").countDocuments()).isZero();
    assertThat(collection("lms_migrations_lock").countDocuments()).isZero();
    assertThat(collection("lms_migrations_background").countDocuments()).isZero();
  }

  @Test
  void theWorkerAppliesNothingAboveTheTargetVersion() {
    MigrationRunner runner = runner(backfill(item -> {}));

    assertThat(runner.background().runNext(() -> false, RunRules.upTo(1))).isEmpty();

    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner.getStatus("backfill_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(collection("lms_migrations_lock").countDocuments()).isZero();
    assertThat(runner.background().runNext(() -> false, RunRules.upTo(2)).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @Test
  void theWorkerNeverAppliesAVersionWhileARegularOneBelowItIsPending() {
    AtomicInteger ups = new AtomicInteger();
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.register(TestMigration.of("add_index", 1, ctx -> ups.incrementAndGet(), ctx -> {}));

    assertThat(runner.background().runNext(() -> false)).isEmpty();
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();

    runner.upAll();
    assertThat(ups).hasValue(1);
    assertThat(runner.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @Test
  void rollbackToCoversABackgroundMigrationStoppedHalfWayAndNoWorkerOverturnsIt() {
    MigrationRunner runner = runner(backfill(stopAt(1200)));
    runner.register(TestMigration.recording("add_index", 1));
    runner.upAll();
    runner.background().runNext(Stop::requested);
    Stop.clear();
    assertThat(runner.getStatus("backfill_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(items().countDocuments(Filters.exists("times"))).isPositive();

    List<MigrationStatus> rolledBack = runner.rollbackTo(0);

    assertThat(rolledBack)
        .extracting(MigrationStatus::name)
        .containsExactly("backfill_level", "add_index");
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner.background().runNext(() -> false)).isEmpty();
    assertThat(runner.info().currentVersion()).isZero();
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner.background().progress("backfill_level").state())
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(collection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void rollbackToHoldsAQueuedBackgroundMigrationAboveItSoTheVersionStaysTrue() {
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.register(TestMigration.recording("add_index", 1));
    runner.upAll();

    runner.rollbackTo(1);

    assertThat(runner.background().runNext(() -> false)).isEmpty();
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner.background().progress("backfill_level").state())
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(runner.getStatus("add_index").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void aRollbackRequestKeepsAnOperatorsPauseAndWaitsQueued() {
    MigrationRunner runner = runner(backfill(stopAt(1200)));
    runner.background().runNext(Stop::requested);
    Stop.clear();
    long done = items().countDocuments(Filters.eq("times", 1));
    runner.background().pause("backfill_level");

    runner.background().rollback("backfill_level");

    assertThat(runner.background().progress("backfill_level").state())
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(runner.background().runNext(() -> false)).isEmpty();
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(done);

    runner.background().resume("backfill_level");
    MigrationStatus after = runner.background().runNext(() -> false).orElseThrow();
    assertThat(after.status()).isEqualTo(MigrationState.PENDING);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner.getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("SUSPENDED", "DOWN");
  }

  @Test
  void aRollbackRequestStopsARunningUpAtItsNextBatchAndTheDownRunsFromThere() {
    MigrationRunner[] runner = new MigrationRunner[1];
    runner[0] =
        runner(
            backfill(
                item -> {
                  if (item.getInteger("_id") == 1200) {
                    runner[0].background().rollback("backfill_level"); // an operator, meanwhile
                  }
                }));

    MigrationStatus ended = runner[0].background().runNext(() -> false).orElseThrow();

    assertThat(ended.status()).isEqualTo(MigrationState.PENDING);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(runner[0].getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("SUSPENDED", "DOWN");
    assertThat(runner[0].background().progress("backfill_level").state())
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(collection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void resumeAfterAFailedBackgroundRollbackCarriesOnTheRollbackAndNeverAppliesAgain() {
    AtomicInteger downs = new AtomicInteger();
    BackgroundMigration migration =
        TestMigration.of(
                "backfill_level",
                2,
                ctx ->
                    ctx.mongoTemplate()
                        .getCollection("items")
                        .updateMany(Filters.empty(), Updates.inc("times", 1)),
                ctx -> {
                  if (downs.incrementAndGet() == 1) {
                    throw new IllegalStateException("down broke");
                  }
                  ctx.mongoTemplate()
                      .getCollection("items")
                      .updateMany(Filters.empty(), Updates.unset("times"));
                })
            .inBackground();
    MigrationRunner runner = runner(migration);
    runner.background().runNext(() -> false);
    runner.background().rollback("backfill_level");
    assertThatThrownBy(() -> runner.background().runNext(() -> false))
        .isInstanceOf(MigrationFailedException.class);
    assertThat(runner.background().runNext(() -> false)).isEmpty();

    runner.background().resume("backfill_level");
    MigrationStatus after = runner.background().runNext(() -> false).orElseThrow();

    assertThat(after.status()).isEqualTo(MigrationState.PENDING);
    assertThat(downs).hasValue(2);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(items().countDocuments(Filters.eq("times", 2))).isZero();
    assertThat(runner.getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP", "DOWN", "DOWN");
    assertThat(runner.background().runNext(() -> false)).isEmpty();
  }

  @Test
  void markingIsRefusedWhileAWorkerRunsTheMigration() throws Exception {
    try (Backfill.Hold hold = new Backfill.Hold()) {
      MigrationRunner runner = runner(backfill(hold));
      try (BackgroundWorker worker = runner.background().start(Duration.ofMillis(50));
          Backfill.Hold held = hold) {
        held.awaitHeld(db.database());

        assertThatThrownBy(() -> runner.onBehalfOf("ops").markApplied("backfill_level"))
            .isInstanceOf(BackgroundMigrationRunningException.class)
            .hasMessageContaining("Background migration 'backfill_level' is being run by");
        assertThatThrownBy(() -> runner.onBehalfOf("ops").markPending("backfill_level"))
            .isInstanceOf(BackgroundMigrationRunningException.class);
        // Accepting a change of its code writes its record too: refused the same way.
        assertThatThrownBy(() -> runner.onBehalfOf("ops").acceptChange("backfill_level"))
            .isInstanceOf(BackgroundMigrationRunningException.class);
        assertThat(runner.getStatus("backfill_level").orElseThrow().status())
            .isEqualTo(MigrationState.RUNNING);
        held.release();
        com.lms.migrations.testing.Poll.until(
            "the worker to complete it",
            Duration.ofSeconds(30),
            () ->
                runner.getStatus("backfill_level").orElseThrow().status()
                    == MigrationState.COMPLETED);
      }
      assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
      assertThat(runner.getHistory("backfill_level"))
          .extracting(MigrationHistoryEntry::action)
          .containsExactly("UP");
    }
  }

  @Test
  void anOlderBuildLeavesANewerBuildsLiveBackgroundRunAlone() throws Exception {
    MigrationRunner newer;
    try (Backfill.Hold hold = new Backfill.Hold()) {
      newer = runner(backfill(hold));
      MigrationRunner older = plainRunner();
      older.register(TestMigration.recording("add_index", 1));
      newer.register(TestMigration.recording("add_index", 1));
      newer.upAll();
      older.register(TestMigration.recording("add_course_tags", 3));
      try (BackgroundWorker worker = newer.background().start(Duration.ofMillis(50));
          Backfill.Hold held = hold) {
        held.awaitHeld(db.database());

        // The older build knows add_course_tags (an unrelated later change) but not the backfill:
        // its run takes the migration lock and recovers what dead runners left running.
        older.up("add_course_tags");

        Document record =
            collection("lms_migrations").find(Filters.eq("_id", "backfill_level")).first();
        assertThat(record.getString("status")).isEqualTo("RUNNING");
        held.release();
        com.lms.migrations.testing.Poll.until(
            "the newer build's worker to complete it",
            Duration.ofSeconds(30),
            () ->
                newer.getStatus("backfill_level").orElseThrow().status()
                    == MigrationState.COMPLETED);
      }
    }
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
    assertThat(newer.getHistory("backfill_level"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP");
  }

  @Test
  void aHolderThatLostTheLeaseCanRecordNeitherACheckpointNorProgress() {
    LibraryCollections collections =
        new LibraryCollections(db.database(), LockSettings.defaults().leaseTime());
    BatchCheckpointStore checkpoints = new BatchCheckpointStore(collections, "lms_migrations");
    BackgroundControlStore controls = new BackgroundControlStore(collections, "lms_migrations");
    RunnerIdentity frozen = RunnerIdentity.ofThisProcess();
    RunnerIdentity successor = RunnerIdentity.ofThisProcess();
    JobKey job = new JobKey("backfill_level/items", 1);
    controls.claim("backfill_level", frozen);
    assertThat(
            checkpoints.save(
                "backfill_level",
                job,
                "run-1",
                frozen,
                new BatchCheckpoint(new org.bson.BsonInt32(499), 500, 500)))
        .isTrue();
    assertThat(
            controls.recordProgress(
                "backfill_level", frozen, "run-1", "job", 500, 5000L, 0, java.time.Instant.now()))
        .isPresent();

    // The successor takes the migration over: it claims the progress and the job's checkpoint.
    controls.claim("backfill_level", successor);
    assertThat(checkpoints.load("backfill_level", job, "run-1", successor))
        .hasValueSatisfying(checkpoint -> assertThat(checkpoint.processed()).isEqualTo(500));

    assertThat(
            checkpoints.save(
                "backfill_level",
                job,
                "run-1",
                frozen,
                new BatchCheckpoint(new org.bson.BsonInt32(999), 1000, 1000)))
        .isFalse();
    assertThat(
            controls.recordProgress(
                "backfill_level", frozen, "run-1", "job", 1000, 5000L, 0, java.time.Instant.now()))
        .isEmpty();
    assertThat(
            checkpoints.load("backfill_level", job, "run-1", successor).orElseThrow().processed())
        .isEqualTo(500);
    assertThat(controls.find("backfill_level").processed()).isEqualTo(500);
    assertThat(
            checkpoints.save(
                "backfill_level",
                job,
                "run-1",
                successor,
                new BatchCheckpoint(new org.bson.BsonInt32(999), 1000, 1000)))
        .isTrue();
  }

  @Test
  void aCallByHandThatTakesTheLeaseOverLeavesAFrozenWorkerNoProgressToWrite() {
    MigrationRunner runner = runner(backfill(item -> {}));
    runner.background().runNext(() -> false);
    BackgroundControlStore controls =
        new BackgroundControlStore(
            new LibraryCollections(db.database(), LockSettings.defaults().leaseTime()),
            "lms_migrations");
    RunnerIdentity frozen = RunnerIdentity.ofThisProcess();
    controls.claim("backfill_level", frozen); // a worker that then froze past its lease

    runner.down("backfill_level");

    assertThat(
            controls.recordProgress(
                "backfill_level", frozen, "run-x", "job", 4000, 5000L, 0, java.time.Instant.now()))
        .isEmpty();
    assertThat(controls.find("backfill_level").processed()).isNotEqualTo(4000);
    assertThat(items().countDocuments(Filters.exists("times"))).isZero();
    assertThat(collection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void theReversibilityCheckCoversBackgroundMigrationsAndFailsOneWhoseDownRestoresNothing() {
    BackgroundMigration irreversible =
        TestMigration.of(
                "backfill_level",
                2,
                ctx ->
                    ctx.mongoTemplate()
                        .getCollection("items")
                        .updateMany(Filters.empty(), Updates.set("level", "beginner")),
                ctx -> {})
            .inBackground();

    ReversibilityReport report =
        ReversibilityCheck.of(List.of(irreversible))
            .withFixture("items", List.of(new Document("_id", 1)))
            .run(scratch());

    assertThat(report.checks())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.name()).isEqualTo("backfill_level");
              assertThat(check.outcome()).isEqualTo(ReversibilityReport.Outcome.NOT_REVERSIBLE);
            });
    assertThatThrownBy(report::assertReversible).hasMessageContaining("backfill_level");
    scratch().getDb().drop();
  }

  @Test
  void theReversibilityCheckDropsOnlyAScratchDatabaseItCanProveItMade() {
    org.springframework.data.mongodb.core.MongoTemplate scratch = scratch();
    scratch.getDb().getCollection("courses").insertOne(new Document("_id", "c1"));
    ReversibilityCheck check =
        ReversibilityCheck.of(List.of(TestMigration.recording("add_index", 1)))
            .withFixture("items", List.of(new Document("_id", 1)));

    assertThatThrownBy(() -> check.run(scratch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds collections (courses)")
        .hasMessageContaining("was not made by a reversibility check, so it is not dropped");
    assertThat(scratch.getDb().getCollection("courses").countDocuments()).isOne();

    scratch.getDb().getCollection("courses").drop();
    assertThat(check.run(scratch).isReversible()).isTrue();
    // Its own scratch database, marked: a second check may drop it.
    assertThat(check.run(scratch).isReversible()).isTrue();
    scratch.getDb().drop();
  }

  private org.springframework.data.mongodb.core.MongoTemplate scratch() {
    return com.lms.migrations.MongoTemplates.forDatabase(db.newTemplate(), db.name() + "_scratch");
  }

  /** Stops the worker between batches once the run reaches a document, once. */
  private static final class Stop {
    private static volatile boolean requested;

    static boolean requested() {
      return requested;
    }

    static void clear() {
      requested = false;
    }
  }

  private static Backfill.Check stopAt(int id) {
    Stop.clear();
    AtomicInteger seen = new AtomicInteger();
    return item -> {
      if (item.getInteger("_id") == id && seen.getAndIncrement() == 0) {
        Stop.requested = true;
      }
    };
  }

  private static BackgroundMigration backfill(Backfill.Check check) {
    return Backfill.migration("backfill_level", 2, check);
  }

  private MigrationRunner plainRunner() {
    MigrationSettings settings = MigrationSettings.defaults();
    return new MigrationRunner(
        db.newTemplate(),
        settings.withLock(settings.lock().withPollInterval(Duration.ofMillis(50))));
  }

  private MigrationRunner runner(Migration migration) {
    MigrationRunner runner = plainRunner();
    runner.register(migration);
    return runner;
  }

  private MongoCollection<Document> items() {
    return collection("items");
  }

  private MongoCollection<Document> collection(String name) {
    return db.database().getCollection(name);
  }
}
