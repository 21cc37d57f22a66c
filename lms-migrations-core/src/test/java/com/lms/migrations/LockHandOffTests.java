package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A waiting instance learns of the lock's release through a change stream where the server has
 * them, and polls where it has none. The embedded server has change streams once its oplog is on.
 */
@ExtendWith(MongoDatabaseExtension.class)
class LockHandOffTests {

  private MongoServer withOplog;
  private String uri;

  @BeforeEach
  void startServerWithChangeStreams() {
    withOplog = new MongoServer(new MemoryBackend());
    withOplog.enableOplog();
    withOplog.bind("127.0.0.1", 0);
    uri = "mongodb://127.0.0.1:" + withOplog.getLocalAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    withOplog.shutdownNow();
  }

  @Test
  void aWaitEndsWhenTheLocksDocumentIsDeleted() throws Exception {
    try (MongoClient client = MongoClients.create(uri)) {
      MongoDatabase database = client.getDatabase("handoff");
      database.getCollection("lms_migrations_lock").insertOne(new Document("_id", "migrations"));
      try (LockReleaseWatch watch =
          LockReleaseWatch.open(
              database.getCollection("lms_migrations_lock"),
              "migrations",
              Duration.ofMillis(500))) {
        assertThat(watch.isWatching()).isTrue();
        // Waits far longer than the test's deadline below unless the release ends the wait.
        CompletableFuture<Boolean> waiting =
            CompletableFuture.supplyAsync(() -> watch.await(Duration.ofMinutes(10).toNanos()));

        database
            .getCollection("lms_migrations_lock")
            .deleteOne(Filters.eq("_id", "background:other"));
        database.getCollection("lms_migrations_lock").deleteOne(Filters.eq("_id", "migrations"));

        assertThat(waiting.get(20, TimeUnit.SECONDS)).as("the change stream still works").isTrue();
      }
    }
  }

  @Test
  void withoutChangeStreamsTheWaitIsAPause(TestDatabase db) {
    try (LockReleaseWatch watch =
        LockReleaseWatch.open(
            db.database().getCollection("lms_migrations_lock"),
            "migrations",
            Duration.ofMillis(500))) {
      assertThat(watch.isWatching()).isFalse();
      assertThat(watch.await(Duration.ofMillis(1).toNanos())).isTrue();
    }
  }

  /**
   * The embedded server says it is standalone, even with its oplog on: the waiting instance does
   * not ask for a change stream (a refusal, and the driver's change-stream classes loaded cold, are
   * what asking would cost) and polls. {@code LockHandOffReplicaSetTests} runs this on a replica
   * set, where it watches.
   */
  @Test
  void onAServerThatSaysItIsStandaloneTheSecondInstancePollsThenFindsEverythingAppliedOnce()
      throws Exception {
    List<BsonDocument> secondsCommands = new CopyOnWriteArrayList<>();
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicBoolean blocking = new AtomicBoolean(true);
    try (MongoClient first = MongoClients.create(uri);
        MongoClient second = client(secondsCommands)) {
      MigrationRunner one = runner(first);
      one.register(
          TestMigration.of(
              "slow",
              1,
              ctx -> {
                ctx.mongoTemplate().insert(new Document("_id", "slow"), "effects");
                if (blocking.getAndSet(false)) {
                  firstRunning.countDown();
                  assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                }
              },
              ctx -> {}));
      MigrationRunner two = runner(second);
      two.register(
          TestMigration.of(
              "slow",
              1,
              ctx -> ctx.mongoTemplate().insert(new Document("_id", "slow"), "effects"),
              ctx -> {}));

      CompletableFuture<List<MigrationStatus>> firstRun = CompletableFuture.supplyAsync(one::upAll);
      assertThat(firstRunning.await(20, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<List<MigrationStatus>> secondRun =
          CompletableFuture.supplyAsync(two::upAll);
      Poll.until(
          "the second instance waits for the lock",
          Duration.ofSeconds(20),
          () -> secondsCommands.stream().filter(LockHandOffTests::takesTheLock).count() >= 2);
      finish.countDown();

      assertThat(firstRun.get(30, TimeUnit.SECONDS))
          .extracting(MigrationStatus::status)
          .containsExactly(MigrationState.COMPLETED);
      assertThat(secondRun.get(30, TimeUnit.SECONDS)).as("nothing left to apply").isEmpty();
      MongoDatabase database = first.getDatabase("handoff");
      assertThat(database.getCollection("effects").countDocuments()).isEqualTo(1);
      assertThat(database.getCollection("lms_migrations_lock").countDocuments()).isZero();
      assertThat(
              database
                  .getCollection("lms_migrations")
                  .find(Filters.eq("_id", "slow"))
                  .first()
                  .getInteger("historyCount"))
          .isEqualTo(1);
    }
    assertThat(secondsCommands).noneMatch(LockHandOffTests::opensAChangeStream);
  }

  private static boolean takesTheLock(BsonDocument command) {
    return command.getFirstKey().equals("update")
        && command.getString("update").getValue().equals("lms_migrations_lock");
  }

  private static boolean opensAChangeStream(BsonDocument command) {
    return command.getFirstKey().equals("aggregate")
        && command.getArray("pipeline").get(0).asDocument().containsKey("$changeStream");
  }

  private MigrationRunner runner(MongoClient client) {
    return new MigrationRunner(
        new MongoTemplate(client, "handoff"),
        MigrationSettings.defaults()
            .withLock(
                LockSettings.defaults()
                    .withWaitTime(Duration.ofSeconds(60))
                    .withPollInterval(Duration.ofSeconds(1))));
  }

  private MongoClient client(List<BsonDocument> commands) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .addCommandListener(
                new CommandListener() {
                  @Override
                  public void commandStarted(CommandStartedEvent event) {
                    commands.add(event.getCommand().clone());
                  }
                })
            .build());
  }
}
