package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * On a replica set, an instance waiting for the lock watches its release through a change stream
 * and takes the lock when the release arrives, with a poll interval long enough that only the event
 * can explain it; skipped without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class LockHandOffReplicaSetTests {

  @Container
  static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image()).withReplicaSet();

  @Test
  void theSecondInstanceIsWokenByTheReleaseAndFindsEverythingAppliedOnce() throws Exception {
    String database = "handoff_" + System.nanoTime();
    List<BsonDocument> secondsCommands = new CopyOnWriteArrayList<>();
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicBoolean blocking = new AtomicBoolean(true);
    try (MongoClient first = MongoClients.create(mongo.getReplicaSetUrl());
        MongoClient second =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(mongo.getReplicaSetUrl()))
                    .addCommandListener(
                        new CommandListener() {
                          @Override
                          public void commandStarted(CommandStartedEvent event) {
                            secondsCommands.add(event.getCommand().clone());
                          }
                        })
                    .build())) {
      Migration slow =
          TestMigration.of(
                  "slow",
                  1,
                  ctx -> {
                    ctx.mongoTemplate().insert(new Document("_id", "slow"), "effects");
                    if (blocking.getAndSet(false)) {
                      firstRunning.countDown();
                      assertThat(finish.await(60, TimeUnit.SECONDS)).isTrue();
                    }
                  },
                  ctx -> {})
              .nonTransactional();
      MigrationRunner one = runner(first, database);
      one.register(slow);
      MigrationRunner two = runner(second, database);
      two.register(slow);

      CompletableFuture<List<MigrationStatus>> firstRun = CompletableFuture.supplyAsync(one::upAll);
      assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<List<MigrationStatus>> secondRun =
          CompletableFuture.supplyAsync(two::upAll);
      Poll.until(
          "the second instance watches the lock",
          Duration.ofSeconds(30),
          () -> secondsCommands.stream().anyMatch(LockHandOffReplicaSetTests::opensAChangeStream));
      finish.countDown();

      assertThat(firstRun.get(60, TimeUnit.SECONDS)).hasSize(1);
      // Its poll interval is ten minutes: only the release event can have woken it before.
      assertThat(secondRun.get(60, TimeUnit.SECONDS)).as("nothing left to apply").isEmpty();
      MongoDatabase db = first.getDatabase(database);
      assertThat(db.getCollection("effects").countDocuments()).isEqualTo(1);
      assertThat(db.getCollection("lms_migrations_lock").countDocuments()).isZero();
      db.drop();
    }
  }

  private static boolean opensAChangeStream(BsonDocument command) {
    return command.getFirstKey().equals("aggregate")
        && command.getArray("pipeline").get(0).asDocument().containsKey("$changeStream");
  }

  private static MigrationRunner runner(MongoClient client, String database) {
    return new MigrationRunner(
        new MongoTemplate(client, database),
        MigrationSettings.defaults()
            .withLock(
                LockSettings.defaults()
                    .withLeaseTime(Duration.ofMinutes(30))
                    .withWaitTime(Duration.ofMinutes(20))
                    .withPollInterval(Duration.ofMinutes(10))));
  }
}
