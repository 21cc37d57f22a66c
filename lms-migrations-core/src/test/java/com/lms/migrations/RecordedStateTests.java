package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.lms.migrations.validation.ValidationResult;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The recorded state is the truth, and the caller and listeners are told what it is. */
@ExtendWith(MongoDatabaseExtension.class)
class RecordedStateTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @Test
  void theLibrarysOwnReadsAndWritesUseThePrimaryAndMajorityWhateverTheApplicationSays() {
    List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestMongo.serverUri()))
                .readPreference(ReadPreference.secondaryPreferred())
                .writeConcern(WriteConcern.W1)
                .addCommandListener(recordingInto(commands))
                .build())) {
      MigrationRunner weak = new MigrationRunner(new MongoTemplate(client, db.name()));
      weak.register(TestMigration.recording("add_tags", 1));

      weak.upAll();

      List<BsonDocument> own =
          commands.stream().filter(RecordedStateTests::touchesLibraryCollection).toList();
      List<BsonDocument> writes =
          own.stream()
              .filter(
                  command -> Set.of("update", "delete", "insert").contains(command.getFirstKey()))
              .toList();
      List<BsonDocument> reads =
          own.stream().filter(command -> command.getFirstKey().equals("find")).toList();
      assertThat(writes).isNotEmpty();
      assertThat(reads).isNotEmpty();
      assertThat(writes)
          .allSatisfy(
              command ->
                  assertThat(command.getDocument("writeConcern").getString("w").getValue())
                      .isEqualTo("majority"));
      assertThat(reads)
          .allSatisfy(
              command ->
                  assertThat(command.getDocument("readConcern").getString("level").getValue())
                      .isEqualTo("majority"));
      // The application's own writes keep the application's settings.
      assertThat(commands)
          .filteredOn(command -> command.getFirstKey().equals("insert"))
          .filteredOn(command -> command.getString("insert").getValue().equals("effects"))
          .singleElement()
          .satisfies(
              command ->
                  assertThat(command.getDocument("writeConcern").getInt32("w").getValue())
                      .isEqualTo(1));
    }
  }

  @Test
  void theRunningMarkIsACompareAndSetAndNeverOverwritesACompletedMigration() {
    Migration migration = TestMigration.recording("add_tags", 1);
    runner.register(migration);
    StoredMigration plannedWhilePending = null; // no record yet when the plan was made
    runner.onBehalfOf("someone else").markApplied("add_tags");
    MigrationStore store =
        new MigrationStore(
            new LibraryCollections(db.template().getDb(), Duration.ofSeconds(10)),
            db.template().getMongoDatabaseFactory(),
            "lms_migrations");

    boolean marked =
        store.markRunning(
            new RunningMark(
                migration,
                Direction.UP,
                plannedWhilePending,
                "run-1",
                RunnerIdentity.ofThisProcess(),
                Instant.now()));

    assertThat(marked).isFalse();
    assertThat(runner.getStatus("add_tags").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void aRunningMarkPlannedFromARecordIsRefusedOnceThatRecordChanged() {
    Migration failing =
        TestMigration.of(
            "add_tags",
            1,
            ctx -> {
              throw new IllegalStateException("boom");
            },
            ctx -> {});
    runner.register(failing);
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    MigrationStore store =
        new MigrationStore(
            new LibraryCollections(db.template().getDb(), Duration.ofSeconds(10)),
            db.template().getMongoDatabaseFactory(),
            "lms_migrations");
    StoredMigration plannedWhileFailed = store.find("add_tags").orElseThrow();
    runner.onBehalfOf("someone else").markApplied("add_tags");

    boolean marked =
        store.markRunning(
            new RunningMark(
                failing,
                Direction.UP,
                plannedWhileFailed,
                "run-2",
                RunnerIdentity.ofThisProcess(),
                Instant.now()));

    assertThat(plannedWhileFailed.state()).isEqualTo(MigrationState.FAILED);
    assertThat(marked).isFalse();
    Document record = db.database().getCollection("lms_migrations").find().first();
    assertThat(record.getString("status")).isEqualTo("COMPLETED");
    assertThat(record.get("running")).isNull();
  }

  @Test
  void listenersHearAboutARunThatFailedOnTheLock() {
    List<MigrationRunSummary> summaries = new CopyOnWriteArrayList<>();
    MigrationRunner waiting =
        MigrationRunner.builder(db.template())
            .settings(
                MigrationSettings.defaults()
                    .withLock(
                        LockSettings.defaults()
                            .withWaitTime(Duration.ofMillis(100))
                            .withPollInterval(Duration.ofMillis(20))))
            .listener(summariesInto(summaries))
            .build();
    waiting.register(TestMigration.recording("add_tags", 1));
    db.database()
        .getCollection("lms_migrations_lock")
        .insertOne(
            new Document("_id", "migrations")
                .append("owner", "other")
                .append("host", "elsewhere")
                .append("pid", 1L)
                .append("lockedAt", new java.util.Date())
                .append("expiresAt", java.util.Date.from(Instant.now().plusSeconds(60))));

    assertThatThrownBy(waiting::upAll).isInstanceOf(MigrationLockTimeoutException.class);

    assertThat(summaries).hasSize(1);
    MigrationRunSummary summary = summaries.get(0);
    assertThat(summary.succeeded()).isFalse();
    assertThat(summary.failure()).isInstanceOf(MigrationLockTimeoutException.class);
    assertThat(summary.executions()).isEmpty();
    assertThat(summary.pending()).isEqualTo(1);
  }

  @Test
  void whenTheHistoryCannotBeReadTheSummarySaysTheVersionIsUnknownNotZero() {
    List<MigrationRunSummary> summaries = new CopyOnWriteArrayList<>();
    runner = MigrationRunner.builder(db.template()).listener(summariesInto(summaries)).build();
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    db.database()
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_tags"),
            new Document("$set", new Document("executedAt", "yesterday")));
    ch.qos.logback.classic.Logger runLog =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MigrationRunLoop.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    runLog.addAppender(lines);
    try {
      assertThatThrownBy(runner::upAll).isInstanceOf(UnreadableMigrationRecordException.class);
    } finally {
      runLog.detachAppender(lines);
    }

    MigrationRunSummary summary = summaries.get(1);
    assertThat(summary.stateKnown()).isFalse();
    assertThat(summary.currentVersion()).isEqualTo(MigrationRunSummary.UNKNOWN);
    assertThat(summary.pending()).isEqualTo(MigrationRunSummary.UNKNOWN);
    assertThat(summary.failure()).isInstanceOf(UnreadableMigrationRecordException.class);
    assertThat(lines.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .matches(
            "Applied 0 migrations in \\S+; schema version unknown: the history could not be"
                + " read \\(stopped: UnreadableMigrationRecordException: The record of migration"
                + " 'add_tags' .*");
    assertThat(summaries.get(0).stateKnown()).isTrue();
    assertThat(summaries.get(0).currentVersion()).isEqualTo(1);
  }

  @Test
  void aDatabaseUnreachableAtTheFirstReadIsAskedOnceAndTheVersionIsUnknown() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<MigrationRunSummary> summaries = new CopyOnWriteArrayList<>();
    try (MongoClient client =
        MongoClients.create(
            "mongodb://127.0.0.1:" + closedPort + "/?serverSelectionTimeoutMS=300")) {
      MigrationRunner unreachable =
          MigrationRunner.builder(new MongoTemplate(client, db.name()))
              .listener(summariesInto(summaries))
              .migration(TestMigration.recording("add_tags", 1))
              .build();

      assertThatThrownBy(unreachable::upAll).isInstanceOf(MongoTimeoutException.class);
    }

    MigrationRunSummary summary = summaries.get(0);
    assertThat(summary.stateKnown()).isFalse();
    assertThat(summary.currentVersion()).isEqualTo(MigrationRunSummary.UNKNOWN);
    assertThat(summary.failure()).isInstanceOf(MongoTimeoutException.class);
    assertThat(summary.failure().getSuppressed())
        .as("the history is not read a second time, which would wait as long again")
        .isEmpty();
  }

  @Test
  void listenersHearWhatCompletedBeforeAFailure() {
    List<MigrationRunSummary> summaries = new CopyOnWriteArrayList<>();
    runner = MigrationRunner.builder(db.template()).listener(summariesInto(summaries)).build();
    runner.register(TestMigration.recording("one", 1));
    runner.register(
        TestMigration.of(
            "two",
            2,
            ctx -> {
              throw new IllegalStateException("boom");
            },
            ctx -> {}));

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    MigrationRunSummary summary = summaries.get(0);
    assertThat(summary.succeeded()).isFalse();
    assertThat(summary.completed()).extracting(MigrationExecution::name).containsExactly("one");
    assertThat(summary.executions())
        .extracting(MigrationExecution::name, MigrationExecution::outcome)
        .containsExactly(
            tuple("one", MigrationState.COMPLETED), tuple("two", MigrationState.FAILED));
    assertThat(summary.currentVersion()).isEqualTo(1);
  }

  @Test
  void theServerIsAskedHelloFirstAndIsMasterOnlyWhenItDoesNotKnowHello() {
    List<String> asked = new CopyOnWriteArrayList<>();
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestMongo.serverUri()))
                .addCommandListener(
                    new CommandListener() {
                      @Override
                      public void commandStarted(CommandStartedEvent event) {
                        if (Set.of("hello", "isMaster").contains(event.getCommandName())
                            && event.getRequestId() > 0) {
                          asked.add(event.getCommandName());
                        }
                      }
                    })
                .build())) {
      ServerInfo server =
          new ServerInfo(
              new LibraryCollections(client.getDatabase(db.name()), Duration.ofSeconds(10)),
              java.time.Clock.systemUTC());

      server.refresh();
      server.refresh();

      if (TestMongo.isEmbedded()) {
        assertThat(asked).containsExactly("hello", "isMaster", "isMaster");
      } else {
        assertThat(asked).containsExactly("hello", "hello");
      }
    }
  }

  @Test
  void theServersTimeDoesNotJumpWhenThisInstancesWallClockDoes() {
    java.util.concurrent.atomic.AtomicReference<Instant> wall =
        new java.util.concurrent.atomic.AtomicReference<>(Instant.now());
    java.time.Clock jumping =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return wall.get();
          }
        };
    ServerInfo server =
        new ServerInfo(
            new LibraryCollections(db.template().getDb(), Duration.ofSeconds(10)), jumping);
    Instant before = server.refresh();

    wall.set(wall.get().plus(Duration.ofMinutes(10))); // an NTP step, a resumed VM

    assertThat(server.now()).isBetween(before, before.plusSeconds(5));
    assertThat(server.refreshIfOlderThan(Duration.ofMinutes(1)))
        .isBetween(before, before.plusSeconds(5));
  }

  @Test
  void markingAMigrationAsItAlreadyIsNeedsNoLock() {
    runner =
        new MigrationRunner(
            db.template(),
            MigrationSettings.defaults()
                .withLock(LockSettings.defaults().withWaitTime(Duration.ZERO)));
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    holdLockElsewhere();

    assertThat(runner.markApplied("add_tags").status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.getHistory("add_tags")).hasSize(1);
  }

  @Test
  void aMigrationAnotherLiveInstanceIsRunningCannotBeRolledBack() {
    runner.register(TestMigration.recording("busy", 1));
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "busy")
                .append("version", 1)
                .append("description", "")
                .append("status", "RUNNING")
                .append(
                    "running",
                    new Document("owner", "other")
                        .append("host", "pod-2")
                        .append("pid", 2L)
                        .append("since", new java.util.Date())
                        .append("direction", "UP")
                        .append("run", "r1")));
    holdLockElsewhere();

    assertThatThrownBy(() -> runner.down("busy"))
        .isInstanceOf(MigrationNotAppliedException.class)
        .hasMessage(
            "Cannot roll back migration 'busy': it is RUNNING: another instance is running it"
                + " now. Wait for it to finish, then check its status.");
  }

  private void holdLockElsewhere() {
    db.database()
        .getCollection("lms_migrations_lock")
        .insertOne(
            new Document("_id", "migrations")
                .append("owner", "other")
                .append("host", "pod-2")
                .append("pid", 2L)
                .append("lockedAt", new java.util.Date())
                .append("expiresAt", java.util.Date.from(Instant.now().plusSeconds(60))));
  }

  @Test
  void anOlderBuildStartsWhenANewerBuildAppliedMigrationsItDoesNotKnow() {
    runner.register(TestMigration.recording("one", 1));
    runner.register(TestMigration.recording("two", 2));
    runner.upAll();
    MigrationRunner older = new MigrationRunner(db.newTemplate());
    older.register(TestMigration.recording("one", 1));

    ValidationResult result = older.validate();

    assertThat(result.isValid()).isTrue();
    assertThat(result.future())
        .extracting(MigrationStatus::name, MigrationStatus::status)
        .containsExactly(tuple("two", MigrationState.COMPLETED));
    assertThat(result.warnings())
        .containsExactly(
            "Migration 'two' (version 2) is recorded as COMPLETED but this build knows versions up"
                + " to 1 only: it was applied by a newer build. Starting anyway; it stays applied"
                + " until that build, which can roll it back, runs again.");
    assertThat(older.upAll()).isEmpty();
  }

  @Test
  void aMigrationDeletedBelowTheHighestKnownVersionIsStillAnError() {
    runner.register(TestMigration.recording("one", 1));
    runner.register(TestMigration.recording("two", 2));
    runner.upAll();
    MigrationRunner edited = new MigrationRunner(db.newTemplate());
    edited.register(TestMigration.recording("two", 2));

    assertThat(edited.validate().errors())
        .containsExactly(
            "Migration 'one' (version 1) is recorded as COMPLETED but no longer exists in the"
                + " code. Don't delete migrations that have run: restore its class, or set"
                + " ValidationPolicy.ignoreMissing to ignore it.");
  }

  @Test
  void aStatusCollectionHoldingOtherDocumentsIsRefusedNamingTheSetting() {
    db.database()
        .getCollection("courses")
        .insertOne(new Document("_id", "java-101").append("title", "Java"));
    MigrationRunner misconfigured =
        new MigrationRunner(db.template(), MigrationSettings.defaults().withCollection("courses"));
    misconfigured.register(TestMigration.recording("add_tags", 1));

    assertThatThrownBy(misconfigured::upAll)
        .isInstanceOf(ForeignMigrationCollectionException.class)
        .hasMessage(
            "Collection 'courses' holds a document that is not a migration record (_id=java-101,"
                + " fields [_id, title]), so it is not the migration history. Point"
                + " MigrationSettings.collection at a collection used only by lms-migrations.");
    assertThat(db.database().getCollection("courses").countDocuments()).isEqualTo(1);
    assertThat(db.database().getCollection("effects").countDocuments()).isZero();
  }

  @Test
  void aHandEditedRunningMarkStopsTheRunNamingTheFieldAndChangesNothing() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.register(TestMigration.recording("add_levels", 2));
    Document edited =
        new Document("_id", "add_tags")
            .append("version", 1)
            .append("description", "")
            .append("status", "RUNNING")
            .append("running", "host-7 since Monday");
    db.database().getCollection("lms_migrations").insertOne(edited);

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(UnreadableMigrationRecordException.class)
        .hasMessage(
            "The record of migration 'add_tags' in collection 'lms_migrations' has a field"
                + " 'running' holding String host-7 since Monday where lms-migrations writes a"
                + " document (its runner's mark), so its state cannot be read, and lms-migrations"
                + " stopped there without running or recording anything more. Was it edited by"
                + " hand? Correct the field in MongoDB. A RUNNING record whose runner's mark is"
                + " broken can instead be set to FAILED, with 'running' removed: it then runs again,"
                + " as after an interrupted run. Check the migration's status and history before"
                + " running again.")
        .satisfies(
            e -> {
              UnreadableMigrationRecordException unreadable =
                  (UnreadableMigrationRecordException) e;
              assertThat(unreadable.getMigrationName()).isEqualTo("add_tags");
              assertThat(unreadable.getField()).isEqualTo("running");
              assertThat(unreadable.getCollection()).isEqualTo("lms_migrations");
            });
    assertThat(db.database().getCollection("lms_migrations").find().into(new ArrayList<>()))
        .containsExactly(edited);
    assertThat(db.database().getCollection("effects").countDocuments()).isZero();
    assertThat(db.database().getCollection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void everyFieldOfARecordThatCannotBeReadIsNamedWithWhatItHolds() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    MongoCollection<Document> statuses = db.database().getCollection("lms_migrations");
    Document applied = statuses.find().first();

    Map<Document, String> edits =
        Map.of(
            new Document("$set", new Document("executedAt", "yesterday")),
            "'executedAt' holding String yesterday where lms-migrations writes a date",
            new Document("$set", new Document("lastDirection", "SIDEWAYS")),
            "'lastDirection' holding String SIDEWAYS where lms-migrations writes UP or DOWN",
            new Document("$set", new Document("executionTime", "12 ms")),
            "'executionTime' holding String 12 ms where lms-migrations writes a number",
            new Document(
                "$set",
                new Document("status", "RUNNING")
                    .append("running", new Document("owner", "o").append("direction", "UP"))),
            "'running.since' holding nothing where lms-migrations writes a date");
    edits.forEach(
        (edit, named) -> {
          statuses.replaceOne(new Document("_id", "add_tags"), applied);
          statuses.updateOne(new Document("_id", "add_tags"), edit);

          assertThatThrownBy(runner::info)
              .isInstanceOf(UnreadableMigrationRecordException.class)
              .hasMessageContaining(
                  "The record of migration 'add_tags' in collection 'lms_migrations' has a field "
                      + named
                      + ", so its state cannot be read");
        });
  }

  @Test
  void aRunningRecordWithoutItsRunnersMarkIsNamedInsteadOfWaitingForAnotherInstance() {
    runner.register(TestMigration.recording("add_tags", 1));
    Document edited =
        new Document("_id", "add_tags")
            .append("version", 1)
            .append("description", "")
            .append("status", "RUNNING");
    db.database().getCollection("lms_migrations").insertOne(edited);

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(UnreadableMigrationRecordException.class)
        .hasMessageStartingWith(
            "The record of migration 'add_tags' in collection 'lms_migrations' has a field"
                + " 'running' holding nothing where lms-migrations writes a document (its runner's"
                + " mark), so its state cannot be read, and lms-migrations stopped there without"
                + " running or recording anything more.");
    assertThat(db.database().getCollection("lms_migrations").find().into(new ArrayList<>()))
        .containsExactly(edited);
    assertThat(db.database().getCollection("effects").countDocuments()).isZero();
    assertThat(db.database().getCollection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void aHistoryEntryThatCannotBeReadIsNamedWithItsPlaceInTheHistory() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    db.database()
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_tags"),
            new Document("$set", new Document("history.0.outcome", "DONE")));

    assertThatThrownBy(() -> runner.getHistory("add_tags"))
        .isInstanceOf(UnreadableMigrationRecordException.class)
        .hasMessageStartingWith(
            "The record of migration 'add_tags' in collection 'lms_migrations' has a field"
                + " 'history.0.outcome' holding String DONE where lms-migrations writes PENDING,"
                + " RUNNING, COMPLETED or FAILED, so its state cannot be read");
    db.database()
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_tags"), new Document("$set", new Document("history", "lost")));
    assertThatThrownBy(() -> runner.getHistory("add_tags"))
        .hasMessageContaining(
            "has a field 'history' holding String lost where lms-migrations writes a list of"
                + " documents");
    assertThat(runner.info().migrations())
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);
  }

  @Test
  void theLockCollectionMustNotBeTheStatusCollectionOrOneBesideIt() {
    for (String clash :
        List.of(
            "lms_migrations",
            "lms_migrations_logs",
            "lms_migrations_checkpoints",
            "lms_migrations_steps")) {
      assertThatThrownBy(
              () ->
                  MigrationSettings.defaults()
                      .withLock(LockSettings.defaults().withCollection(clash)))
          .isInstanceOf(InvalidSettingException.class)
          .hasMessage(
              "lock collection must differ from the status collection 'lms_migrations' and from"
                  + " the collections beside it ('lms_migrations_logs',"
                  + " 'lms_migrations_checkpoints', 'lms_migrations_background',"
                  + " 'lms_migrations_steps', 'lms_migrations_instances') but was '"
                  + clash
                  + "'")
          .extracting(e -> ((InvalidSettingException) e).getSetting())
          .isEqualTo("lock.collection");
    }
  }

  @Test
  void aHugeLogLineIsStoredCutAndMarkedAsTruncated() {
    String huge = "x".repeat(100_000);
    runner.register(TestMigration.of("chatty", 1, ctx -> ctx.log().info("{}", huge), ctx -> {}));

    runner.upAll();

    String stored = runner.getLogs("chatty").get(0).message();
    int kept = stored.indexOf("... [truncated ");
    assertThat(stored).hasSizeLessThanOrEqualTo(BoundedText.MAX_CHARS);
    assertThat(kept).isGreaterThan(BoundedText.MAX_CHARS - 100);
    assertThat(stored)
        .isEqualTo("x".repeat(kept) + "... [truncated " + (100_000 - kept) + " characters]");
  }

  @Test
  void theHistoryKeepsTheNewestEntriesAndCountsAll() {
    AtomicBoolean broken = new AtomicBoolean(true);
    runner.register(
        TestMigration.of(
            "crash_loop",
            1,
            ctx -> {
              if (broken.get()) {
                throw new IllegalStateException("x".repeat(50_000));
              }
            },
            ctx -> {}));
    int failures = MigrationStore.HISTORY_LIMIT + 20;
    for (int i = 0; i < failures; i++) {
      assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    }
    broken.set(false);

    runner.upAll();

    List<MigrationHistoryEntry> history = runner.getHistory("crash_loop");
    assertThat(history).hasSize(MigrationStore.HISTORY_LIMIT);
    assertThat(history.get(history.size() - 1).outcome()).isEqualTo(MigrationState.COMPLETED);
    assertThat(history)
        .allSatisfy(
            entry ->
                assertThat(entry.error() == null ? "" : entry.error())
                    .hasSizeLessThanOrEqualTo(BoundedText.MAX_CHARS));
    Document status =
        db.database().getCollection("lms_migrations").find(Filters.eq("_id", "crash_loop")).first();
    assertThat(status.getInteger("historyCount")).isEqualTo(failures + 1);
  }

  @Test
  void aMigrationThatFailedWhileApplyingCanBeRolledBackToCleanUpItsPartialChanges() {
    AtomicBoolean broken = new AtomicBoolean(true);
    runner.register(
        TestMigration.of(
            "split_names",
            1,
            ctx -> {
              ctx.mongoTemplate().insert(new Document("_id", "partial"), "effects");
              if (broken.get()) {
                throw new IllegalStateException("half way");
              }
            },
            ctx ->
                ctx.mongoTemplate()
                    .remove(
                        org.springframework.data.mongodb.core.query.Query.query(
                            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                .is("partial")),
                        "effects")));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    MigrationStatus rolledBack = runner.down("split_names");

    assertThat(rolledBack.status()).isEqualTo(MigrationState.PENDING);
    assertThat(db.database().getCollection("effects").countDocuments()).isZero();
    broken.set(false);
    assertThat(runner.up("split_names").status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.getHistory("split_names"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
        .containsExactly(
            tuple("UP", MigrationState.FAILED),
            tuple("DOWN", MigrationState.PENDING),
            tuple("UP", MigrationState.COMPLETED));
    assertThat(db.database().getCollection("effects").countDocuments()).isEqualTo(1);
  }

  @Test
  void aRollbackOfAFailedMigrationThatFailsLeavesItFailed() {
    runner.register(
        TestMigration.of(
            "stuck",
            1,
            ctx -> {
              throw new IllegalStateException("up broke");
            },
            ctx -> {
              throw new IllegalStateException("down broke too");
            }));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    assertThatThrownBy(() -> runner.down("stuck"))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("failed while rolling back: IllegalStateException: down broke too");

    MigrationStatus status = runner.getStatus("stuck").orElseThrow();
    assertThat(status.status()).isEqualTo(MigrationState.FAILED);
    assertThat(status.error()).isEqualTo("IllegalStateException: down broke too");
  }

  @Test
  void aPendingMigrationStillCannotBeRolledBack() {
    runner.register(TestMigration.recording("never_ran", 1));

    assertThatThrownBy(() -> runner.down("never_ran"))
        .isInstanceOf(MigrationNotAppliedException.class)
        .hasMessageContaining("'never_ran'");
  }

  private static CommandListener recordingInto(List<BsonDocument> commands) {
    return new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        commands.add(event.getCommand().clone()); // only valid during the callback
      }
    };
  }

  private static MigrationListener summariesInto(List<MigrationRunSummary> summaries) {
    return new MigrationListener() {
      @Override
      public void runFinished(MigrationRunSummary summary) {
        summaries.add(summary);
      }
    };
  }

  private static boolean touchesLibraryCollection(BsonDocument command) {
    String name = command.getFirstKey();
    return command.get(name).isString()
        && command.getString(name).getValue().startsWith("lms_migrations");
  }
}
