package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Core behaviour against a real standalone {@code mongod} (no transactions); skipped without
 * Docker. The whole suite can also run against a real server with {@code MONGODB_URI} or {@code
 * -Dlms.test.mongodb=testcontainers}.
 */
@Testcontainers(disabledWithoutDocker = true)
class StandaloneMongodTests {

  @Container static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image());

  private MongoClient client;
  private MongoTemplate template;

  @BeforeEach
  void connect() {
    client = MongoClients.create(mongo.getConnectionString());
    template = new MongoTemplate(client, "standalone_" + System.nanoTime());
  }

  @AfterEach
  void drop() {
    template.getDb().drop();
    client.close();
  }

  @Test
  void appliesRecordsAndRollsBackWithoutTransactions() {
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(TestMigration.recording("one", 1));
    runner.register(TestMigration.recording("two", 2));

    assertThat(runner.upAll()).hasSize(2);
    assertThat(runner.upAll()).isEmpty();
    runner.rollbackTo(0);

    assertThat(template.count(new Query(), "effects")).isZero();
    assertThat(runner.getHistory("two"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP", "DOWN");
  }

  @Test
  void aFailureIsRecordedWithItsLogsAndStopsTheRun() {
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(
        TestMigration.of(
            "broken",
            1,
            ctx -> {
              ctx.log().info("starting");
              throw new IllegalStateException("boom");
            },
            ctx -> {}));
    runner.register(TestMigration.recording("later", 2));

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    assertThat(runner.getStatus("broken").orElseThrow().status()).isEqualTo(MigrationState.FAILED);
    assertThat(runner.getStatus("later").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
    assertThat(runner.getLogs("broken"))
        .extracting(MigrationLogEntry::message)
        .contains("starting");
  }

  @Test
  void aLiveLockIsNotTakenAndTheTimeoutNamesTheHolder() {
    template.insert(
        new Document("_id", MigrationLock.LOCK_ID)
            .append("owner", "other")
            .append("host", "pod-1")
            .append("pid", 1L)
            .append("lockedAt", new java.util.Date())
            .append("expiresAt", new java.util.Date(System.currentTimeMillis() + 60_000)),
        LockSettings.DEFAULT_COLLECTION);
    MigrationRunner runner =
        new MigrationRunner(
            template,
            MigrationSettings.defaults()
                .withLock(LockSettings.defaults().withWaitTime(java.time.Duration.ofMillis(200))));
    runner.register(TestMigration.recording("one", 1));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationLockTimeoutException.class)
        .hasMessageContaining("host pod-1");
  }
}
