package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.batch.BatchResult;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The transactional path, against a real single-node replica set; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ReplicaSetTransactionTests {

  @Container
  static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image()).withReplicaSet();

  private MongoClient client;
  private MongoTemplate template;

  @BeforeEach
  void connect() {
    client = MongoClients.create(mongo.getReplicaSetUrl());
    template = new MongoTemplate(client, "tx_" + System.nanoTime());
    template.createCollection("courses");
  }

  @AfterEach
  void drop() {
    template.getDb().drop();
    client.close();
  }

  @Test
  void aFailingMigrationLeavesNoPartialData() {
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(
        TestMigration.of(
            "half_done",
            1,
            ctx -> {
              ctx.mongoTemplate().insert(new Document("_id", "c1"), "courses");
              throw new IllegalStateException("second half failed");
            },
            ctx -> {}));

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    assertThat(template.count(new Query(), "courses")).isZero();
    assertThat(runner.getStatus("half_done").orElseThrow().status())
        .isEqualTo(MigrationState.FAILED);
    assertThat(runner.getLogs("half_done")).isNotEmpty();
  }

  @Test
  void aSuccessfulMigrationCommitsItsDataAndItsStatusTogether() {
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(TestMigration.recording("add_course", 1));

    runner.upAll();

    assertThat(template.count(new Query(), "effects")).isEqualTo(1);
    assertThat(runner.getStatus("add_course").orElseThrow().isApplied()).isTrue();
  }

  @Test
  void aTransactionalOutcomeCommitsWithItsMigrationAndTheNextMarkIsSentAlone() {
    List<BsonDocument> statusWrites = new CopyOnWriteArrayList<>();
    try (MongoClient watched =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.getReplicaSetUrl()))
                .addCommandListener(
                    new CommandListener() {
                      @Override
                      public void commandStarted(CommandStartedEvent event) {
                        BsonDocument command = event.getCommand();
                        if (command.getFirstKey().equals("update")
                            && command.getString("update").getValue().equals("lms_migrations")) {
                          statusWrites.add(command.clone());
                        }
                      }
                    })
                .build())) {
      MigrationRunner runner =
          new MigrationRunner(new MongoTemplate(watched, template.getDb().getName()));
      runner.register(TestMigration.recording("first", 1));
      runner.register(TestMigration.recording("second", 2));

      runner.upAll();
    }

    // first's mark; first's outcome in its transaction; second's mark alone; second's outcome.
    assertThat(statusWrites)
        .extracting(
            command -> command.getArray("updates").size(),
            command -> command.containsKey("txnNumber"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, false),
            org.assertj.core.groups.Tuple.tuple(1, true),
            org.assertj.core.groups.Tuple.tuple(1, false),
            org.assertj.core.groups.Tuple.tuple(1, true));
    assertThat(template.count(new Query(), "effects")).isEqualTo(2);
  }

  @Test
  void nonTransactionalMigrationsMayCreateIndexes() {
    MigrationRunner runner =
        new MigrationRunner(
            template, MigrationSettings.defaults().withTransactionMode(TransactionMode.ALWAYS));
    runner.register(
        TestMigration.of(
                "add_index",
                1,
                ctx ->
                    ctx.mongoTemplate()
                        .indexOps("courses")
                        .createIndex(
                            new Index(
                                "department", org.springframework.data.domain.Sort.Direction.ASC)),
                ctx -> {})
            .nonTransactional());

    runner.upAll();

    assertThat(template.indexOps("courses").getIndexInfo()).hasSize(2);
  }

  @Test
  void theRetryWithoutATransactionResumesItsBatchJobsInsteadOfRunningThemAgain() {
    for (int i = 0; i < 30; i++) {
      template.insert(new Document("_id", i), "courses");
    }
    java.util.List<BatchResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(
        TestMigration.of(
            "mark_and_index",
            1,
            ctx -> {
              results.add(
                  ctx.batch("courses")
                      .batchSize(10)
                      .run(
                          course ->
                              java.util.List.of(
                                  new com.mongodb.client.model.UpdateOneModel<>(
                                      com.mongodb.client.model.Filters.eq("_id", course.get("_id")),
                                      com.mongodb.client.model.Updates.inc("times", 1)))));
              // Not allowed in a transaction on an existing collection: the runner retries
              // without one.
              ctx.mongoTemplate()
                  .indexOps("courses")
                  .createIndex(
                      new Index("times", org.springframework.data.domain.Sort.Direction.ASC));
            },
            ctx -> {}));

    runner.upAll();

    assertThat(results).hasSize(2);
    assertThat(results.get(1).resumedAfter()).isEqualTo(29);
    assertThat(results.get(1).processed()).isEqualTo(30);
    assertThat(
            template.count(
                Query.query(
                    org.springframework.data.mongodb.core.query.Criteria.where("times").is(1)),
                "courses"))
        .isEqualTo(30);
  }
}
