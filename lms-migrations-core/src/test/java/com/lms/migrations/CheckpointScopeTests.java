package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.batch.BatchResult;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Batch checkpoints belong to one run of one migration in one direction, and to one job by its
 * exact name: a later run never resumes from a checkpoint it does not own.
 */
@ExtendWith(MongoDatabaseExtension.class)
class CheckpointScopeTests {

  private static final int ITEMS = 50;

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @Test
  void aCheckpointLeftByAFailedRollbackIsNotReusedByALaterRollback() {
    insertItems(collection("items"), numbers());
    AtomicBoolean downBreaks = new AtomicBoolean(true);
    runner.register(
        TestMigration.of(
                "flag_items",
                1,
                ctx ->
                    ctx.mongoTemplate()
                        .getCollection("items")
                        .updateMany(new Document(), Updates.set("flag", true)),
                ctx ->
                    ctx.batch("items")
                        .batchSize(10)
                        .run(
                            item -> {
                              if (downBreaks.get() && item.getInteger("_id") == 25) {
                                throw new IllegalStateException("down broke half way");
                              }
                              return List.of(unset(item));
                            }))
            .nonTransactional());
    runner.upAll();
    assertThatThrownBy(() -> runner.down("flag_items"))
        .isInstanceOf(MigrationFailedException.class);
    assertThat(count("items", Filters.exists("flag"))).isEqualTo(30);

    // Fixed by hand and applied again: up has no batch job, but clears the failed down's
    // checkpoint.
    runner.upAll();
    assertThat(count("items", Filters.exists("flag"))).isEqualTo(ITEMS);
    assertThat(db.database().getCollection("lms_migrations_checkpoints").countDocuments()).isZero();
    downBreaks.set(false);
    runner.down("flag_items");

    assertThat(count("items", Filters.exists("flag"))).isZero();
    assertThat(runner.getStatus("flag_items").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(db.database().getCollection("lms_migrations_checkpoints").countDocuments()).isZero();
    assertThat(runner.getLogs("flag_items"))
        .extracting(MigrationLogEntry::message)
        .noneMatch(line -> line.contains("resuming"));
  }

  @Test
  void aCheckpointLeftBehindByACrashAfterCompletionIsNeverResumedFrom() {
    insertItems(collection("items"), numbers());
    runner.register(markEveryItem("mark_items"));
    runner.upAll();
    // As if the process died after recording completion, before clearing its checkpoint.
    String runId =
        db.database()
            .getCollection("lms_migrations")
            .find(Filters.eq("_id", "mark_items"))
            .first()
            .getString("run");
    db.database()
        .getCollection("lms_migrations_checkpoints")
        .insertOne(
            new Document(
                    "_id",
                    new Document("migration", "mark_items")
                        .append("job", "items")
                        .append("occurrence", 1))
                .append("run", runId)
                .append("lastId", 39)
                .append("processed", 40L));

    runner.down("mark_items");
    runner.up("mark_items");

    assertThat(count("items", Filters.eq("times", 2))).isEqualTo(ITEMS);
    assertThat(db.database().getCollection("lms_migrations_checkpoints").countDocuments()).isZero();
  }

  @Test
  void jobsWhoseNamesDifferOnlyInPunctuationKeepTheirOwnCheckpoints() {
    insertItems(collection("events.v1"), numbers());
    insertItems(collection("events_v1"), numbers());
    runner.register(
        TestMigration.of(
                "mark_events",
                1,
                ctx -> {
                  ctx.batch("events.v1").batchSize(10).run(item -> List.of(increment(item)));
                  ctx.batch("events_v1").batchSize(10).run(item -> List.of(increment(item)));
                },
                ctx -> {})
            .nonTransactional());

    runner.upAll();

    assertThat(count("events.v1", Filters.eq("times", 1))).isEqualTo(ITEMS);
    assertThat(count("events_v1", Filters.eq("times", 1))).isEqualTo(ITEMS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"uuid", "objectId", "string", "number", "mixed"})
  void aFailedBatchJobResumesAfterItsLastBatchWhateverTheIdType(String idType) {
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestMongo.serverUri()))
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .build())) {
      MongoTemplate template = new MongoTemplate(client, db.name());
      MongoCollection<Document> items = template.getCollection("items");
      List<Object> ids = ids(idType);
      insertItems(items, ids);
      List<Object> sorted = sortedIds(items);
      Object failAt = sorted.get(25);
      AtomicBoolean broken = new AtomicBoolean(true);
      AtomicReference<BatchResult> result = new AtomicReference<>();
      MigrationRunner uuidRunner = new MigrationRunner(template);
      uuidRunner.register(
          TestMigration.of(
                  "mark_items",
                  1,
                  ctx ->
                      result.set(
                          ctx.batch("items")
                              .batchSize(10)
                              .run(
                                  item -> {
                                    if (broken.get() && item.get("_id").equals(failAt)) {
                                      throw new IllegalStateException("broken item");
                                    }
                                    return List.of(increment(item));
                                  })),
                  ctx -> {})
              .nonTransactional());

      assertThatThrownBy(uuidRunner::upAll).isInstanceOf(MigrationFailedException.class);
      broken.set(false);
      uuidRunner.upAll();

      assertThat(result.get().resumedAfter()).isEqualTo(sorted.get(19));
      assertThat(result.get().processed()).isEqualTo(ITEMS);
      assertThat(items.countDocuments(Filters.eq("times", 1))).isEqualTo(ITEMS);
    }
  }

  private static List<Object> ids(String type) {
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add(
          switch (type) {
            case "uuid" -> UUID.randomUUID();
            case "objectId" -> new ObjectId();
            case "string" -> String.format("item-%03d", i);
            case "number" -> i;
            default ->
                switch (i % 3) {
                  case 0 -> i;
                  case 1 -> "item-" + i;
                  default -> new ObjectId();
                };
          });
    }
    return ids;
  }

  private static List<Object> numbers() {
    return ids("number");
  }

  private static List<Object> sortedIds(MongoCollection<Document> items) {
    List<Object> sorted = new ArrayList<>();
    items.find().sort(new Document("_id", 1)).forEach(document -> sorted.add(document.get("_id")));
    return sorted;
  }

  private static void insertItems(MongoCollection<Document> collection, List<Object> ids) {
    collection.insertMany(ids.stream().map(id -> new Document("_id", id)).toList());
  }

  private static Migration markEveryItem(String name) {
    return TestMigration.of(
            name,
            1,
            ctx -> ctx.batch("items").batchSize(10).run(item -> List.of(increment(item))),
            ctx -> {})
        .nonTransactional();
  }

  private static UpdateOneModel<Document> increment(Document item) {
    return new UpdateOneModel<>(Filters.eq("_id", item.get("_id")), Updates.inc("times", 1));
  }

  private static UpdateOneModel<Document> unset(Document item) {
    return new UpdateOneModel<>(Filters.eq("_id", item.get("_id")), Updates.unset("flag"));
  }

  private MongoCollection<Document> collection(String name) {
    return db.database().getCollection(name);
  }

  private long count(String collection, org.bson.conversions.Bson filter) {
    return collection(collection).countDocuments(filter);
  }
}
