package com.lms.migrations.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationLogEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationWorker;
import com.lms.migrations.testing.JavaProcess;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MongoDatabaseExtension.class)
class BatchJobTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @Test
  void transformsEveryDocumentOfACollectionLargerThanOneBatch() {
    insertItems(2500);
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx -> result.set(ctx.batch("items").batchSize(1000).run(BatchJobTests::markMigrated)));

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(2500);
    assertThat(result.get().written()).isEqualTo(2500);
    assertThat(result.get().resumedAfter()).isNull();
    assertThat(items().countDocuments(Filters.eq("migrated", 1))).isEqualTo(2500);
  }

  @Test
  void anEmptyCollectionIsNoWork() {
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(ctx -> result.set(ctx.batch("items").run(BatchJobTests::markMigrated)));

    runner.upAll();

    assertThat(result.get().processed()).isZero();
    assertThat(runner.getStatus("backfill").orElseThrow().isApplied()).isTrue();
  }

  @Test
  void streamsOnlyMatchingDocumentsWithTheProjectedFields() {
    for (int i = 0; i < 30; i++) {
      items()
          .insertOne(
              new Document("_id", i)
                  .append("kind", i % 3 == 0 ? "keep" : "skip")
                  .append("payload", "x"));
    }
    List<Document> seen = new ArrayList<>();
    register(
        ctx ->
            ctx.batch("items")
                .filter(Filters.eq("kind", "keep"))
                .include("kind")
                .batchSize(4)
                .run(
                    item -> {
                      seen.add(item);
                      return markMigrated(item);
                    }));

    runner.upAll();

    assertThat(seen)
        .hasSize(10)
        .allSatisfy(item -> assertThat(item.keySet()).containsExactly("_id", "kind"));
    assertThat(items().countDocuments(Filters.eq("migrated", 1))).isEqualTo(10);
  }

  @Test
  void acceptsSpringDataQueriesAsFilters() {
    insertItems(10);
    register(
        ctx ->
            ctx.batch("items")
                .filter(
                    org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").lt(4)))
                .run(BatchJobTests::markMigrated));

    runner.upAll();

    assertThat(items().countDocuments(Filters.eq("migrated", 1))).isEqualTo(4);
  }

  @Test
  void aDocumentMayTurnIntoZeroOrSeveralWrites() {
    insertItems(10);
    register(
        ctx ->
            ctx.batch("items")
                .into("copies")
                .batchSize(3)
                .run(
                    item -> {
                      int id = item.getInteger("_id");
                      if (id % 2 == 1) {
                        return List.of();
                      }
                      return List.of(
                          new InsertOneModel<>(new Document("_id", id + "-a")),
                          new InsertOneModel<>(new Document("_id", id + "-b")));
                    }));

    runner.upAll();

    assertThat(db.database().getCollection("copies").countDocuments()).isEqualTo(10);
  }

  @Test
  void aWriteErrorNamesTheDocumentKeepsEarlierBatchesAndTheNextRunResumesAfterThem() {
    insertItems(2500);
    items().createIndex(Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
    boolean[] broken = {true};
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("items")
                    .batchSize(1000)
                    .run(
                        item -> {
                          int id = item.getInteger("_id");
                          String code = broken[0] && id == 1500 ? "code-7" : "code-" + id;
                          return List.of(
                              new UpdateOneModel<>(
                                  Filters.eq("_id", id),
                                  Updates.combine(
                                      Updates.set("code", code), Updates.inc("times", 1))));
                        })));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .cause()
        .isInstanceOf(BatchWriteException.class)
        .hasMessageContaining("could not write the changes for document _id=1500")
        .hasMessageContaining("duplicate key")
        .hasMessageContaining("checkpointed (up to _id=999)");
    assertThat(items().countDocuments(Filters.eq("times", 1))).isGreaterThanOrEqualTo(1000);

    broken[0] = false;
    runner.upAll();

    assertThat(result.get().resumedAfter()).isEqualTo(999);
    assertThat(result.get().processed()).isEqualTo(2500);
    // Checkpointed batches are not sent again; the failed batch is (unordered writes may have
    // landed), which is why batch writes must be safe to repeat.
    assertThat(items().countDocuments(Filters.and(Filters.lte("_id", 999), Filters.eq("times", 1))))
        .isEqualTo(1000);
    assertThat(items().countDocuments(Filters.exists("code"))).isEqualTo(2500);
    assertThat(db.database().getCollection("lms_migrations_checkpoints").countDocuments()).isZero();
  }

  @Test
  void aResumedRunCountsThisRunAndAllRunsApart() {
    insertItems(2500);
    boolean[] broken = {true};
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("items")
                    .batchSize(1000)
                    .run(
                        item -> {
                          if (broken[0] && item.getInteger("_id") == 1500) {
                            throw new IllegalStateException("crash in the second batch");
                          }
                          // two writes per document
                          return List.of(
                              new UpdateOneModel<>(
                                  Filters.eq("_id", item.get("_id")), Updates.set("a", 1)),
                              new UpdateOneModel<>(
                                  Filters.eq("_id", item.get("_id")), Updates.set("b", 1)));
                        })));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    broken[0] = false;
    runner.upAll();

    // A batch holds at most 1000 writes: 500 documents here.
    assertThat(result.get().resumedAfter()).isEqualTo(1499);
    assertThat(result.get().processed()).isEqualTo(2500);
    assertThat(result.get().processedThisRun()).isEqualTo(1000);
    assertThat(result.get().written()).isEqualTo(2000);
    assertThat(result.get().writtenInAllRuns()).isEqualTo(5000);
  }

  @Test
  void logsProgressWithTheTotalAndAnEstimate() {
    insertItems(250);
    register(
        ctx ->
            ctx.batch("items")
                .batchSize(100)
                .progressEvery(Duration.ZERO)
                .run(BatchJobTests::markMigrated));

    runner.upAll();

    assertThat(runner.getLogs("backfill"))
        .extracting(MigrationLogEntry::message)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("backfill/items: processed 100 of 250 documents (40%) at"))
        .anySatisfy(line -> assertThat(line).contains("s to go"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("backfill/items: done, 250 documents processed and 250 writes"));
  }

  @Test
  void withoutACountProgressHasNoEstimate() {
    insertItems(150);
    register(
        ctx ->
            ctx.batch("items")
                .batchSize(100)
                .skipCount()
                .progressEvery(Duration.ZERO)
                .run(BatchJobTests::markMigrated));

    runner.upAll();

    assertThat(runner.getLogs("backfill"))
        .extracting(MigrationLogEntry::message)
        .anySatisfy(
            line -> assertThat(line).startsWith("backfill/items: processed 100 documents at"))
        .noneSatisfy(line -> assertThat(line).contains("to go"));
  }

  @Test
  void aThrottlePausesSoTheRateStaysUnderTheLimit() {
    long[] now = {0};
    List<Long> pauses = new ArrayList<>();
    Throttle throttle =
        new Throttle(
            500,
            () -> now[0],
            nanos -> {
              pauses.add(nanos);
              now[0] += nanos;
            });

    for (long done = 100; done <= 1000; done += 100) {
      now[0] += Duration.ofMillis(50).toNanos(); // each batch takes 50 ms of work
      throttle.pace(done);
    }

    long elapsed = now[0];
    assertThat(Duration.ofNanos(elapsed)).isEqualTo(Duration.ofSeconds(2));
    assertThat(pauses)
        .hasSize(10)
        .allSatisfy(pause -> assertThat(pause).isEqualTo(Duration.ofMillis(150).toNanos()));
  }

  @Test
  void aThrottleSetAtRunTimeIsUsedFromTheNextBatch() {
    long[] now = {0};
    long[] limit = {0};
    List<Long> pauses = new ArrayList<>();
    Throttle throttle =
        new Throttle(
            () -> limit[0],
            () -> now[0],
            nanos -> {
              pauses.add(nanos);
              now[0] += nanos;
            });
    for (long done = 100; done <= 300; done += 100) {
      now[0] += Duration.ofMillis(50).toNanos();
      throttle.pace(done);
    }
    limit[0] = 1000; // an operator throttles it
    for (long done = 400; done <= 700; done += 100) {
      now[0] += Duration.ofMillis(50).toNanos();
      throttle.pace(done);
    }

    // From the change on: 100 documents per batch at 1000/s is 100 ms, 50 of them work.
    assertThat(pauses)
        .containsExactly(
            Duration.ofMillis(50).toNanos(),
            Duration.ofMillis(50).toNanos(),
            Duration.ofMillis(50).toNanos());
  }

  @Test
  void aThrottleNeverPausesAJobThatIsSlowerThanTheLimit() {
    long[] now = {0};
    List<Long> pauses = new ArrayList<>();
    Throttle throttle = new Throttle(500, () -> now[0], pauses::add);

    now[0] += Duration.ofSeconds(1).toNanos();
    throttle.pace(100);

    assertThat(pauses).isEmpty();
  }

  @Test
  void rejectsBadSettingsWithTheValue() {
    BatchJob job = new BatchJob("items", null);
    assertThatThrownBy(() -> job.batchSize(0))
        .hasMessage("batch size must be at least 1 but was 0");
    assertThatThrownBy(() -> job.throttle(-1))
        .hasMessage("max documents per second must not be negative but was -1");
  }

  @Test
  void aBatchMigrationKilledMidwayResumesAfterItsCheckpointAndTransformsEachDocumentOnce()
      throws Exception {
    List<Document> seed = new ArrayList<>();
    for (int i = 0; i < MigrationWorker.BATCH_ITEMS; i++) {
      seed.add(new Document("_id", i));
    }
    items().insertMany(seed);
    try (JavaProcess worker =
        JavaProcess.start(MigrationWorker.class, db.uri(), db.name(), "batch-crash", "1500")) {
      Poll.until(
          "the worker to hang in the middle of a batch",
          Duration.ofSeconds(60),
          () -> db.database().getCollection("markers").countDocuments() == 1);
      worker.kill();
    }
    assertThat(items().countDocuments(Filters.eq("timesMigrated", 1))).isEqualTo(2500);

    MigrationRunner next =
        new MigrationRunner(
            db.newTemplate(),
            MigrationSettings.defaults()
                .withLock(
                    LockSettings.defaults()
                        .withWaitTime(Duration.ofSeconds(10))
                        .withPollInterval(Duration.ofMillis(50))));
    next.register(MigrationWorker.batchTransform(false));
    next.upAll();

    assertThat(next.getLogs("batch_transform_items"))
        .extracting(MigrationLogEntry::message)
        .contains(
            "batch_transform_items/items: resuming after _id 2499 (2500 documents already processed)");
    assertThat(items().countDocuments(Filters.eq("timesMigrated", 1)))
        .isEqualTo(MigrationWorker.BATCH_ITEMS);
    assertThat(items().countDocuments()).isEqualTo(MigrationWorker.BATCH_ITEMS);
  }

  private void register(TestMigration.Step up) {
    runner.register(TestMigration.of("backfill", 1, up, ctx -> {}).nonTransactional());
  }

  private void insertItems(int count) {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      documents.add(new Document("_id", i));
    }
    items().insertMany(documents);
  }

  private MongoCollection<Document> items() {
    return db.database().getCollection("items");
  }

  private static List<UpdateOneModel<Document>> markMigrated(Document item) {
    return List.of(
        new UpdateOneModel<>(Filters.eq("_id", item.get("_id")), Updates.set("migrated", 1)));
  }

  @Test
  void resumingNeverSkipsIdsOfATypeThatSortsLater() {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      documents.add(new Document("_id", i));
    }
    for (char c = 'a'; c <= 'z'; c++) {
      documents.add(new Document("_id", String.valueOf(c)));
    }
    documents.add(new Document("_id", new org.bson.types.ObjectId()));
    items().insertMany(documents);
    boolean[] broken = {true};
    register(
        ctx ->
            ctx.batch("items")
                .batchSize(100)
                .run(
                    item -> {
                      if (broken[0] && Integer.valueOf(120).equals(item.get("_id"))) {
                        throw new IllegalStateException("crash in the second batch");
                      }
                      return markMigrated(item);
                    }));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    broken[0] = false;
    runner.upAll();

    assertThat(items().countDocuments(Filters.eq("migrated", 1))).isEqualTo(177);
  }

  @Test
  void twoJobsOverTheSameCollectionInOneMigrationEachProcessEverything() {
    insertItems(250);
    register(
        ctx -> {
          ctx.batch("items").batchSize(100).run(BatchJobTests::markMigrated);
          ctx.batch("items")
              .batchSize(100)
              .run(
                  item ->
                      List.of(
                          new UpdateOneModel<>(
                              Filters.eq("_id", item.get("_id")), Updates.set("second", 1))));
        });

    runner.upAll();

    assertThat(items().countDocuments(Filters.eq("migrated", 1))).isEqualTo(250);
    assertThat(items().countDocuments(Filters.eq("second", 1))).isEqualTo(250);
  }
}
