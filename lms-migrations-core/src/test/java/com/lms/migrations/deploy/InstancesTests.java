package com.lms.migrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationWorker;
import com.lms.migrations.testing.JavaProcess;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Which builds are running: each instance's record, renewed, removed, and lapsing on a crash. */
@ExtendWith(MongoDatabaseExtension.class)
class InstancesTests {

  @Test
  void anAnnouncedInstanceIsListedWithItsBuildUntilItCloses(TestDatabase db) {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("add_tags", 3));
    runner.register(TestMigration.recording("add_levels", 7));

    try (InstancePresence presence =
        runner.instances().announce("orders", "1.4.0", Duration.ofSeconds(10))) {
      assertThat(runner.instances().live())
          .singleElement()
          .satisfies(
              instance -> {
                assertThat(instance.application()).isEqualTo("orders");
                assertThat(instance.buildVersion()).isEqualTo("1.4.0");
                assertThat(instance.knowsUpTo()).isEqualTo(7);
                assertThat(instance.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(instance.expiresAt()).isAfter(instance.lastSeen());
                assertThat(instance.describe())
                    .endsWith("(pid " + instance.pid() + ", orders 1.4.0), build knows up to v7");
              });
    }

    assertThat(runner.instances().live()).isEmpty();
    assertThat(db.database().getCollection("lms_migrations_instances").countDocuments()).isZero();
  }

  @Test
  void aRenewalIsOneWriteAndEveryThirtiethAlsoSweepsLapsedRecords(TestDatabase db) {
    Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    CommandListener counting =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            String name = event.getCommandName();
            if ((name.equals("update") || name.equals("delete") || name.equals("insert"))
                && "lms_migrations_instances"
                    .equals(event.getCommand().getString(name).getValue())) {
              writes.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
            }
          }
        };
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestMongo.serverUri()))
                .addCommandListener(counting)
                .build())) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.name()));
      // A record left by an instance that died long ago.
      db.database()
          .getCollection("lms_migrations_instances")
          .insertOne(
              new Document("_id", "dead")
                  .append("host", "pod-gone")
                  .append("pid", 1L)
                  .append("knowsUpTo", 2)
                  .append("startedAt", new Date(0))
                  .append("lastSeen", new Date(0))
                  .append("expiresAt", Date.from(Instant.now().minusSeconds(60))));
      assertThat(runner.instances().live()).as("a lapsed record is not live").isEmpty();

      try (InstancePresence presence =
          runner.instances().announce(null, null, Duration.ofMillis(20))) {
        Poll.until(
            "thirty renewals",
            Duration.ofSeconds(30),
            () -> writes.getOrDefault("update", new AtomicInteger()).get() >= 30);
        Poll.until(
            "the sweep",
            Duration.ofSeconds(30),
            () ->
                db.database()
                        .getCollection("lms_migrations_instances")
                        .countDocuments(new Document("_id", "dead"))
                    == 0);
      }
      int renewals = writes.get("update").get();
      assertThat(writes.get("delete").get())
          .as("one sweep per thirty renewals, and the removal on close")
          .isBetween(renewals / 30, renewals / 30 + 2);
      assertThat(writes).doesNotContainKey("insert");
    }
  }

  @Test
  void aKilledInstancesRecordLapsesWithinThreeIntervals(TestDatabase db) throws Exception {
    MigrationRunner runner = new MigrationRunner(db.template());
    // Lease 2 s: the worker renews every 200 ms, so its record lapses 600 ms after its last one.
    try (JavaProcess worker =
        JavaProcess.start(MigrationWorker.class, db.uri(), db.name(), "announce", "2000")) {
      Poll.until(
          "the worker to announce itself",
          Duration.ofSeconds(60),
          () -> runner.instances().live().stream().anyMatch(i -> i.pid() == worker.pid()));
      assertThat(runner.instances().live())
          .singleElement()
          .satisfies(
              instance -> {
                assertThat(instance.application()).isEqualTo("worker");
                assertThat(instance.buildVersion()).isEqualTo("9.9.9");
              });
      worker.kill();
    }

    Poll.until(
        "the killed worker's record to lapse",
        Duration.ofSeconds(10),
        () -> runner.instances().live().isEmpty());
  }
}
