package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.SideEffects;
import com.lms.migrations.testing.TcpProxy;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The outcome of one migration and the running mark of the next go in one ordered write. Each test
 * sets up both sides of a meeting point (another holder, a changed record, a deleted record, a cut
 * connection, an interrupt) and checks the records, the lock and how many times each migration ran.
 */
@ExtendWith(MongoDatabaseExtension.class)
class OneWritePerMigrationTests {

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @Test
  void eachMigrationCostsOneBookkeepingCommandAndIsMarkedBeforeItsCodeRuns() {
    List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    List<Document> seenByTheSecond = new CopyOnWriteArrayList<>();
    try (MongoClient client = client(TestMongo.serverUri(), commands::add)) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.name()));
      runner.register(counting("first", 1));
      runner.register(
          TestMigration.of(
              "second",
              2,
              ctx -> {
                SideEffects.count(ctx.mongoTemplate(), "second");
                db.database().getCollection("lms_migrations").find().into(seenByTheSecond);
              },
              ctx -> {}));
      runner.register(counting("third", 3));

      runner.upAll();
    }

    List<BsonDocument> statusWrites = statusWrites(commands);
    assertThat(statusWrites)
        .as("the first mark, two outcome-and-mark writes, the last outcome")
        .extracting(command -> command.getArray("updates").size())
        .containsExactly(1, 2, 2, 1);
    assertThat(statusWrites)
        .allSatisfy(command -> assertThat(command.getBoolean("ordered").getValue()).isTrue());
    assertThat(seenByTheSecond)
        .as("while the second runs, the first is recorded and the second is marked")
        .extracting(document -> document.getString("_id"), document -> document.get("status"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("first", "COMPLETED"),
            org.assertj.core.groups.Tuple.tuple("second", "RUNNING"));
    assertThat(statuses())
        .extracting(document -> document.getString("status"))
        .containsOnly("COMPLETED")
        .hasSize(3);
    assertThat(statuses())
        .allSatisfy(
            document -> {
              assertThat(document.get("running")).isNull();
              assertThat(document.getInteger("historyCount")).isEqualTo(1);
            });
    assertThat(List.of(timesRun("first"), timesRun("second"), timesRun("third")))
        .containsExactly(1, 1, 1);
  }

  @Test
  void aMigrationTakenOverWhileItRunsRecordsNothingAndLeavesTheNextUnmarked() {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "overtaken",
            1,
            ctx -> {
              SideEffects.count(ctx.mongoTemplate(), "overtaken");
              // Another instance takes the lock over and records the run it finds as interrupted.
              db.database()
                  .getCollection("lms_migrations_lock")
                  .updateOne(Filters.eq("_id", "migrations"), Updates.set("owner", "other"));
              db.database()
                  .getCollection("lms_migrations")
                  .updateOne(
                      Filters.eq("_id", "overtaken"),
                      Updates.combine(Updates.set("status", "FAILED"), Updates.unset("running")));
            },
            ctx -> {}));
    runner.register(counting("next", 2));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("this instance lost the migration lock")
        .hasCauseInstanceOf(MigrationLeaseLostException.class);

    assertThat(status("overtaken").getString("status"))
        .as("what the new holder recorded, not overwritten")
        .isEqualTo("FAILED");
    assertThat(status("overtaken").getInteger("historyCount")).isNull();
    assertThat(status("next")).as("no mark for the next migration").isNull();
    assertThat(timesRun("overtaken")).isEqualTo(1);
    assertThat(timesRun("next")).isZero();
    assertThat(lock().getString("owner")).isEqualTo("other");
  }

  @Test
  void whenTheNextMigrationsRecordChangedItIsNotMarkedNorRunAndTheFirstOutcomeStands() {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "first",
            1,
            ctx -> {
              SideEffects.count(ctx.mongoTemplate(), "first");
              // Another writer records the next migration as applied while this one runs.
              db.database()
                  .getCollection("lms_migrations")
                  .insertOne(
                      new Document("_id", "next")
                          .append("version", 2)
                          .append("description", "by hand")
                          .append("status", "COMPLETED"));
            },
            ctx -> {}));
    runner.register(counting("next", 2));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationLeaseLostException.class)
        .hasMessageContaining("before running migration 'next'")
        .hasMessageContaining("its recorded state changed since it was read");

    assertThat(status("first").getString("status")).isEqualTo("COMPLETED");
    assertThat(status("next").getString("status")).isEqualTo("COMPLETED");
    assertThat(status("next").get("running")).isNull();
    assertThat(status("next").getString("description"))
        .as("as the other wrote it")
        .isEqualTo("by hand");
    assertThat(timesRun("first")).isEqualTo(1);
    assertThat(timesRun("next")).isZero();
    assertThat(lock()).as("released").isNull();
  }

  @Test
  void aRecordDeletedByHandWhileItsMigrationRunsIsWrittenAgainSoItIsNotAppliedTwice() {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "first",
            1,
            ctx -> {
              SideEffects.count(ctx.mongoTemplate(), "first");
              db.database().getCollection("lms_migrations").deleteOne(Filters.eq("_id", "first"));
            },
            ctx -> {}));
    runner.register(counting("next", 2));

    runner.upAll();
    runner.upAll();

    Document first = status("first");
    assertThat(first.getString("status")).isEqualTo("COMPLETED");
    assertThat(first.getInteger("version")).isEqualTo(1);
    assertThat(first.getString("description")).isNotNull();
    assertThat(first.get("running")).isNull();
    assertThat(status("next").getString("status")).isEqualTo("COMPLETED");
    assertThat(timesRun("first")).isEqualTo(1);
    assertThat(timesRun("next")).isEqualTo(1);
  }

  @Test
  void aConnectionCutAsTheOutcomeAndTheNextMarkAreSentIsRecoveredByTheNextRun() throws Exception {
    ConnectionString server = new ConnectionString(TestMongo.serverUri());
    int serverPort = Integer.parseInt(server.getHosts().get(0).replaceAll(".*:", ""));
    AtomicBoolean cutting = new AtomicBoolean(true);
    AtomicReference<TcpProxy> proxied = new AtomicReference<>();
    try (TcpProxy proxy = TcpProxy.to(serverPort);
        MongoClient client =
            client(
                "mongodb://127.0.0.1:" + proxy.port(),
                command -> {
                  // Cut before the outcome of 'first' and the mark of 'next' leave this process.
                  if (cutting.get()
                      && command.getFirstKey().equals("update")
                      && command.getArray("updates").size() == 2) {
                    cutting.set(false);
                    proxied.get().cut();
                  }
                })) {
      proxied.set(proxy);
      MigrationRunner runner =
          new MigrationRunner(
              new MongoTemplate(client, db.name()),
              MigrationSettings.defaults()
                  .withLock(
                      LockSettings.defaults()
                          .withLeaseTime(Duration.ofSeconds(2))
                          .withWaitTime(Duration.ofSeconds(10))
                          .withPollInterval(Duration.ofMillis(50))));
      runner.register(counting("first", 1).nonTransactional());
      runner.register(counting("next", 2).nonTransactional());

      Throwable thrown = catchThrowable(runner::upAll);

      assertThat(thrown).isInstanceOf(MigrationFailedException.class);
      MigrationFailedException failure = (MigrationFailedException) thrown;
      assertThat(failure.getMigrationName()).isEqualTo("first");
      assertThat(failure.isOutcomeRecorded()).isFalse();
      assertThat(status("first").getString("status")).isEqualTo("RUNNING");
      assertThat(status("next")).as("not marked: the write never reached MongoDB").isNull();
      assertThat(timesRun("first")).isEqualTo(1);
      assertThat(timesRun("next")).isZero();

      proxy.restore();
      assertThat(runner.upAll())
          .extracting(MigrationStatus::status)
          .containsExactly(MigrationState.COMPLETED, MigrationState.COMPLETED);
      assertThat(runner.getHistory("first"))
          .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
              org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
    }
    assertThat(timesRun("first")).as("run again, as after any unrecorded outcome").isEqualTo(2);
    assertThat(timesRun("next")).isEqualTo(1);
    assertThat(lock()).isNull();
  }

  @Test
  void aMarkLeftByACrashAfterTheSharedWriteIsRecoveredAsInterruptedAndRunOnce() {
    MigrationRunner crashed = new MigrationRunner(db.template());
    crashed.register(counting("first", 1));
    crashed.register(counting("next", 2));
    crashed.upTo(1);
    // What a process killed right after the shared write leaves: 'next' marked by a dead runner,
    // its code not started, and no lock (released, or expired).
    new MigrationStore(
            new LibraryCollections(db.template().getDb(), Duration.ofSeconds(10)),
            db.template().getMongoDatabaseFactory(),
            "lms_migrations")
        .markRunning(
            new RunningMark(
                counting("next", 2),
                Direction.UP,
                null,
                "dead-run",
                new RunnerIdentity("dead"),
                java.time.Instant.now()));

    MigrationRunner restarted = new MigrationRunner(db.newTemplate());
    restarted.register(counting("first", 1));
    restarted.register(counting("next", 2));
    restarted.upAll();

    assertThat(restarted.getHistory("next"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
            org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
    assertThat(timesRun("first")).isEqualTo(1);
    assertThat(timesRun("next")).isEqualTo(1);
  }

  @Test
  void aMigrationThatLeavesTheThreadInterruptedSendsItsOutcomeAloneAndTheNextIsNotMarked() {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "interrupts",
            1,
            ctx -> {
              SideEffects.count(ctx.mongoTemplate(), "interrupts");
              Thread.currentThread().interrupt();
            },
            ctx -> {}));
    runner.register(counting("next", 2));
    try {
      assertThatThrownBy(runner::upAll)
          .isInstanceOf(java.util.concurrent.CancellationException.class);
    } finally {
      Thread.interrupted();
    }

    assertThat(status("interrupts").getString("status")).isEqualTo("COMPLETED");
    assertThat(status("next")).isNull();
    assertThat(timesRun("next")).isZero();
    assertThat(lock()).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"exception", "error"})
  void aMigrationThatFailsRecordsItsFailureAloneAndTheNextIsNeitherMarkedNorRun(String kind) {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "breaks",
            1,
            ctx -> {
              SideEffects.count(ctx.mongoTemplate(), "breaks");
              if (kind.equals("error")) {
                throw new AssertionError("expected 3 courses but found 2");
              }
              throw new IllegalStateException("course c1 has no title");
            },
            ctx -> {}));
    runner.register(counting("next", 2));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageStartingWith("Migration 'breaks' (version 1) failed while applying: ")
        .hasMessageContaining("It is recorded as FAILED");

    assertThat(status("breaks").getString("status")).isEqualTo("FAILED");
    assertThat(status("breaks").get("running")).isNull();
    assertThat(status("next")).as("not marked").isNull();
    assertThat(timesRun("breaks")).isEqualTo(1);
    assertThat(timesRun("next")).isZero();
    assertThat(lock()).isNull();
  }

  @Test
  void theLastMigrationBelowTheTargetVersionSendsItsOutcomeAloneAndNothingAboveIsMarked() {
    List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    try (MongoClient client = client(TestMongo.serverUri(), commands::add)) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.name()));
      runner.register(counting("first", 1));
      runner.register(counting("second", 2));
      runner.register(counting("above", 3));

      runner.upTo(2);
    }

    assertThat(statusWrites(commands))
        .extracting(command -> command.getArray("updates").size())
        .containsExactly(1, 2, 1);
    assertThat(status("second").getString("status")).isEqualTo("COMPLETED");
    assertThat(status("above")).as("above the target: not marked").isNull();
    assertThat(timesRun("above")).isZero();
  }

  @Test
  void rollbackToSendsEachRollbacksOutcomeWithTheNextRollbacksMark() {
    List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    List<String> seenByTheMiddleDown = new CopyOnWriteArrayList<>();
    try (MongoClient client = client(TestMongo.serverUri(), commands::add)) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.name()));
      runner.register(counting("first", 1));
      runner.register(
          TestMigration.of(
              "second",
              2,
              ctx -> {},
              ctx ->
                  db.database()
                      .getCollection("lms_migrations")
                      .find()
                      .forEach(
                          document ->
                              seenByTheMiddleDown.add(
                                  document.getString("_id") + "=" + document.get("status")))));
      runner.register(counting("third", 3));
      runner.upAll();
      commands.clear();

      runner.rollbackTo(0);
    }

    assertThat(statusWrites(commands))
        .extracting(command -> command.getArray("updates").size())
        .containsExactly(1, 2, 2, 1);
    assertThat(seenByTheMiddleDown)
        .as("while 'second' rolls back, 'third' is rolled back and 'second' is marked")
        .containsExactlyInAnyOrder("first=COMPLETED", "second=RUNNING", "third=PENDING");
    assertThat(statuses()).extracting(document -> document.get("status")).containsOnly("PENDING");
    assertThat(statuses())
        .allSatisfy(document -> assertThat(document.getInteger("historyCount")).isEqualTo(2));
    assertThat(lock()).isNull();
  }

  private static List<BsonDocument> statusWrites(List<BsonDocument> commands) {
    return commands.stream()
        .filter(command -> command.getFirstKey().equals("update"))
        .filter(command -> command.getString("update").getValue().equals("lms_migrations"))
        .toList();
  }

  private static TestMigration counting(String name, int version) {
    return TestMigration.of(
        name, version, ctx -> SideEffects.count(ctx.mongoTemplate(), name), ctx -> {});
  }

  private static MongoClient client(String uri, java.util.function.Consumer<BsonDocument> seen) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToSocketSettings(socket -> socket.readTimeout(5, TimeUnit.SECONDS))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
            .addCommandListener(
                new CommandListener() {
                  @Override
                  public void commandStarted(CommandStartedEvent event) {
                    seen.accept(event.getCommand().clone());
                  }
                })
            .build());
  }

  private int timesRun(String name) {
    return SideEffects.counts(db.name()).getOrDefault(name, 0);
  }

  private List<Document> statuses() {
    return db.database().getCollection("lms_migrations").find().into(new java.util.ArrayList<>());
  }

  private Document status(String name) {
    return db.database().getCollection("lms_migrations").find(Filters.eq("_id", name)).first();
  }

  private Document lock() {
    return db.database().getCollection("lms_migrations_lock").find().first();
  }
}
