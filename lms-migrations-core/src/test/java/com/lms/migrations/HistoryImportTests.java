package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.importer.HistoryImportRefusedException;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.HistorySource.Tool;
import com.lms.migrations.importer.ImportPlan;
import com.lms.migrations.importer.LegacyChange;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.query.Query;

@ExtendWith(MongoDatabaseExtension.class)
class HistoryImportTests {

  private static final Instant T0 = Instant.parse("2024-03-01T10:15:30.123Z");

  @Test
  void importsMongockFiveAndFourHistoryThenUpAllRunsOnlyTheRest(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("mongockChangeLog");
    changeLog.insertOne(
        mongock5("system-change-00001", "EXECUTED", T0).append("systemChange", true));
    changeLog.insertOne(
        mongock5("create-index_before", "EXECUTED", T0).append("type", "BEFORE_EXECUTION"));
    ObjectId createIndex = new ObjectId();
    changeLog.insertOne(
        mongock5("create-index", "EXECUTED", T0.plusSeconds(1)).append("_id", createIndex));
    changeLog.insertOne(mongock5("create-index", "IGNORED", T0.plusSeconds(60)));
    changeLog.insertOne(mongock5("rename-field", "EXECUTED", T0.plusSeconds(2)));
    changeLog.insertOne(mongock5("rename-field", "ROLLED_BACK", T0.plusSeconds(3)));
    changeLog.insertOne(mongock4("v4-change", "EXECUTED", T0.minusSeconds(3600)));
    changeLog.insertOne(mongock4("legacy-only", "EXECUTED", T0.minusSeconds(7200)));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("create-index"),
            TestMigration.recording("m2", 2).replacing("rename-field"),
            TestMigration.recording("m3", 3).replacing("v4-change"),
            TestMigration.recording("m4", 4));

    ImportPlan plan = runner.planImport(HistorySource.of(Tool.MONGOCK));
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.unmapped()).extracting(LegacyChange::id).containsExactly("legacy-only");
    assertThat(plan.rows())
        .extracting(ImportPlan.Row::migration, ImportPlan.Row::imported)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("m1", true),
            org.assertj.core.groups.Tuple.tuple("m2", false),
            org.assertj.core.groups.Tuple.tuple("m3", true));
    assertThat(plan.table())
        .contains("create-index -> m1 (version 1): applied, recorded as COMPLETED");
    assertThat(plan.table()).contains("legacy-only (APPLIED): no migration replaces it");

    List<MigrationStatus> imported =
        runner.onBehalfOf("ops").importHistory(HistorySource.of(Tool.MONGOCK));

    assertThat(imported).extracting(MigrationStatus::name).containsExactly("m1", "m3");
    MigrationStatus m1 = runner.getStatus("m1").orElseThrow();
    assertThat(m1.status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(m1.executedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(m1.executionTime()).isEqualTo(42L);
    assertThat(runner.getHistory("m1"))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.action()).isEqualTo("IMPORTED");
              assertThat(entry.manual()).isTrue();
              assertThat(entry.principal()).isEqualTo("ops");
              assertThat(entry.source())
                  .contains("mongock 'mongockChangeLog'")
                  .contains("_id " + createIndex.toHexString())
                  .contains("author alice")
                  .contains("host pod-1");
            });
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("m2", "m4");
    assertThat(db.template().findAll(Document.class, "effects"))
        .extracting(d -> d.get("_id"))
        .containsExactly("m2", "m4");
    assertThat(changeLog.countDocuments()).isEqualTo(8);
  }

  @Test
  void importsMongobeeHistory(TestDatabase db) {
    db.database()
        .getCollection("dbchangelog")
        .insertOne(
            new Document("changeId", "001-add-users")
                .append("author", "bob")
                .append("timestamp", Date.from(T0))
                .append("changeLogClass", "com.example.DatabaseChangelog")
                .append("changeSetMethod", "addUsers"));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("001-add-users"),
            TestMigration.recording("m2", 2));

    assertThat(runner.importHistory(HistorySource.of(Tool.MONGOBEE)))
        .extracting(MigrationStatus::name)
        .containsExactly("m1");

    assertThat(runner.getStatus("m1").orElseThrow().executedAt()).isEqualTo(T0);
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("m2");
  }

  @Test
  void readsTheMongockStateOfEntriesReadAsMongobeeSoARolledBackChangeRunsAgain(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("dbchangelog");
    changeLog.insertOne(
        new Document("changeId", "legacy")
            .append("author", "alice")
            .append("timestamp", Date.from(T0.minusSeconds(60))));
    changeLog.insertOne(mongock4("a", "EXECUTED", T0));
    changeLog.insertOne(mongock4("b", "EXECUTED", T0.plusSeconds(1)));
    changeLog.insertOne(mongock4("b", "ROLLED_BACK", T0.plusSeconds(2)));
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationRunner runner =
        runner(
            db,
            TestMigration.of("m0", 1, ctx -> ran.add("m0"), ctx -> {}).replacing("legacy"),
            TestMigration.of("m1", 2, ctx -> ran.add("m1"), ctx -> {}).replacing("a"),
            TestMigration.of("m2", 3, ctx -> ran.add("m2"), ctx -> {}).replacing("b"));

    assertThat(runner.planImport(HistorySource.of(Tool.MONGOBEE)).table())
        .contains("b -> m2 (version 3): not applied, will run");
    assertThat(runner.importHistory(HistorySource.of(Tool.MONGOBEE)))
        .extracting(MigrationStatus::name)
        .containsExactly("m0", "m1");
    runner.upAll();

    assertThat(ran).containsExactly("m2");
  }

  @Test
  void refusesAFailedChangeOfEntriesReadAsMongobee(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("dbchangelog");
    changeLog.insertOne(mongock4("a", "EXECUTED", T0));
    changeLog.insertOne(mongock4("b", "FAILED", T0.plusSeconds(1)).append("errorTrace", "boom"));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("a"),
            TestMigration.recording("m2", 2).replacing("b"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOBEE)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("mongobee change 'b' failed")
        .hasMessageContaining("FAILED: boom");
    assertThat(runner.info().hasHistory()).isFalse();
  }

  @Test
  void importsMigrateMongoHistoryFromAConfiguredCollectionWithAMapping(TestDatabase db) {
    db.database()
        .getCollection("migrations_done")
        .insertOne(
            new Document("fileName", "20240101120000-add-index.js")
                .append("appliedAt", Date.from(T0))
                .append("fileHash", "abc")
                .append("migrationBlock", 1704110400000.0));
    MigrationRunner runner =
        runner(db, TestMigration.recording("m1", 1), TestMigration.recording("m2", 2));
    HistorySource source =
        HistorySource.of(Tool.MIGRATE_MONGO)
            .withCollection("migrations_done")
            .withMappings(Map.of("20240101120000-add-index.js", "m1"));

    assertThat(runner.importHistory(source))
        .extracting(MigrationStatus::name)
        .containsExactly("m1");

    assertThat(runner.getHistory("m1").get(0).source()).contains("migrate-mongo 'migrations_done'");
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("m2");
  }

  @Test
  void importsFlywayHistoryWithTextTimes(TestDatabase db) {
    MongoCollection<Document> history = db.database().getCollection("flyway_schema_history");
    history.insertOne(flyway(0, null, "SCHEMA", "2024-03-01 10:00:00.0", true));
    history.insertOne(flyway(1, "1", "SQL", "2024-03-01 10:15:30.123", true));
    history.insertOne(flyway(2, "1.1", "SQL", "2024-03-01 10:16:00.0", true));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("1", "1.1"),
            TestMigration.recording("m2", 2).replacing("2"));

    assertThat(runner.importHistory(HistorySource.of(Tool.FLYWAY)))
        .extracting(MigrationStatus::name)
        .containsExactly("m1");

    MigrationStatus m1 = runner.getStatus("m1").orElseThrow();
    assertThat(m1.executedAt()).isEqualTo(Instant.parse("2024-03-01T10:16:00Z"));
    assertThat(m1.executionTime()).isEqualTo(14L);
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("m2");
  }

  @Test
  void keepsMongockChangesApartByAuthorAndCountsEntriesWithoutStateAsExecuted(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("mongockChangeLog");
    Document noState = mongock4("seed_before", "EXECUTED", T0);
    noState.remove("state");
    changeLog.insertOne(noState);
    changeLog.insertOne(mongock5("shared", "EXECUTED", T0));
    changeLog.insertOne(
        mongock5("shared", "ROLLED_BACK", T0.plusSeconds(1)).append("author", "bob"));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("seed_before"));

    ImportPlan plan = runner.planImport(HistorySource.of(Tool.MONGOCK));
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.rows()).singleElement().extracting(ImportPlan.Row::imported).isEqualTo(true);
    assertThat(plan.unmapped())
        .extracting(LegacyChange::id, LegacyChange::author, LegacyChange::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shared", "alice", LegacyChange.State.APPLIED),
            org.assertj.core.groups.Tuple.tuple("shared", "bob", LegacyChange.State.NOT_APPLIED));

    MigrationRunner claiming = runner(db, TestMigration.recording("m2", 2).replacing("shared"));
    assertThat(claiming.planImport(HistorySource.of(Tool.MONGOCK)).problems())
        .singleElement()
        .asString()
        .contains("mongock has several changes with id 'shared', by authors [alice, bob]");
  }

  @Test
  void refusesAMissingHistoryRatherThanRunningEverythingAgain(TestDatabase db) {
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("create-index"));

    assertThatThrownBy(
            () ->
                runner.importHistory(
                    HistorySource.of(Tool.MONGOCK).withCollection("mongockChangeLogV5")))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining(
            "the mongock history in 'mongockChangeLogV5' is missing or empty in this database");
    assertThat(runner.info().hasHistory()).isFalse();
  }

  @Test
  void refusesWhenNoReplacedChangeIsInTheHistory(TestDatabase db) {
    db.database()
        .getCollection("mongockChangeLog")
        .insertOne(mongock5("create-index", "EXECUTED", T0));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("create_index"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOCK)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining(
            "none of the 1 changes that migrations replace is in the mongock history in"
                + " 'mongockChangeLog' (it has [create-index])");
    assertThat(runner.info().hasHistory()).isFalse();
  }

  @Test
  void refusesAFailedMongockChange(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("mongockChangeLog");
    changeLog.insertOne(mongock5("create-index", "EXECUTED", T0));
    changeLog.insertOne(
        mongock5("create-index", "FAILED", T0.plusSeconds(5)).append("errorTrace", "boom"));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("create-index"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOCK)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("mongock change 'create-index' failed")
        .hasMessageContaining("FAILED: boom")
        .hasMessageContaining("Run mongock once more so that it completes, or roll it back");
    assertThat(runner.info().hasHistory()).isFalse();
  }

  @Test
  void refusesAHalfRolledBackMongockChange(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("mongockChangeLog");
    changeLog.insertOne(mongock5("create-index", "EXECUTED", T0));
    changeLog.insertOne(mongock5("create-index", "ROLLBACK_FAILED", T0.plusSeconds(5)));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1));

    assertThat(runner.planImport(HistorySource.of(Tool.MONGOCK)).problems())
        .singleElement()
        .asString()
        .contains("'create-index' failed")
        .contains("ROLLBACK_FAILED");
  }

  @Test
  void refusesAFailedFlywayMigration(TestDatabase db) {
    db.database()
        .getCollection("flyway_schema_history")
        .insertOne(flyway(1, "1", "SQL", "2024-03-01 10:15:30.0", false));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("1"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.FLYWAY)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("flyway change '1' failed")
        .hasMessageContaining("did not succeed");
  }

  @Test
  void refusesWhileMongocksLockIsHeldAndNotOnceItExpired(TestDatabase db) {
    db.database()
        .getCollection("mongockChangeLog")
        .insertOne(mongock5("create-index", "EXECUTED", T0));
    MongoCollection<Document> lock = db.database().getCollection("mongockLock");
    lock.insertOne(
        new Document("key", "DEFAULT_KEY")
            .append("status", "LOCK_HELD")
            .append("owner", "pod-7")
            .append("expiresAt", Date.from(Instant.now().plusSeconds(60))));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOCK)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("Mongock's lock in 'mongockLock' is held by owner pod-7 until")
        .hasMessageContaining("wait for that Mongock run to finish");

    lock.updateOne(
        new Document("key", "DEFAULT_KEY"),
        new Document("$set", new Document("expiresAt", Date.from(Instant.now().minusSeconds(60)))));
    assertThat(runner.planImport(HistorySource.of(Tool.MONGOCK)).problems()).isEmpty();
  }

  @Test
  void refusesWhileMongobeesLockExists(TestDatabase db) {
    db.database()
        .getCollection("mongobeelock")
        .insertOne(new Document("key", "LOCK").append("status", "LOCK_HELD"));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOBEE)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("mongobee's lock in 'mongobeelock' is held")
        .hasMessageContaining("delete that document and import again");
  }

  @Test
  void refusesWhileMigrateMongosLockLives(TestDatabase db) {
    MongoCollection<Document> lock = db.database().getCollection("changelog_lock");
    lock.createIndex(
        Indexes.ascending("createdAt"), new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
    lock.insertOne(new Document("createdAt", new Date()));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MIGRATE_MONGO)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("migrate-mongo's lock in 'changelog_lock' is held since")
        .hasMessageContaining("until");
  }

  @Test
  void refusesAMappingToAnUnknownMigration(TestDatabase db) {
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1));

    assertThatThrownBy(
            () ->
                runner.importHistory(
                    HistorySource.of(Tool.MONGOCK).withMappings(Map.of("create-index", "m9"))))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining(
            "the mapping of mongock change 'create-index' names migration 'm9', which is not"
                + " registered");
  }

  @Test
  void refusesTwoMigrationsClaimingOneOldChange(TestDatabase db) {
    db.database()
        .getCollection("mongockChangeLog")
        .insertOne(mongock5("create-index", "EXECUTED", T0));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("create-index"),
            TestMigration.recording("m2", 2).replacing("create-index"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOCK)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining("mongock change 'create-index' is claimed by migrations [m1, m2]");
  }

  @Test
  void refusesAMigrationReplacingChangesOfWhichOnlySomeWereApplied(TestDatabase db) {
    db.database().getCollection("mongockChangeLog").insertOne(mongock5("a", "EXECUTED", T0));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("a", "b"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.MONGOCK)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining(
            "migration 'm1' replaces mongock changes of which only some were applied")
        .hasMessageContaining("'b' not in the old history");
  }

  @Test
  void importsNothingOnceThereIsHistory(TestDatabase db) {
    db.database().getCollection("mongockChangeLog").insertOne(mongock5("a", "EXECUTED", T0));
    MigrationRunner runner =
        runner(
            db, TestMigration.recording("m1", 1).replacing("a"), TestMigration.recording("m2", 2));
    runner.importHistory(HistorySource.of(Tool.MONGOCK));

    assertThat(runner.importHistory(HistorySource.of(Tool.MONGOCK))).isEmpty();
    assertThat(runner.planImport(HistorySource.of(Tool.MONGOCK)).historyExists()).isTrue();
    assertThat(runner.getHistory("m1")).hasSize(1);
  }

  @Test
  void onceNothingIsLeftToImportADroppedOldHistoryIsNotAnError(TestDatabase db) {
    db.database().getCollection("mongockChangeLog").insertOne(mongock5("a", "EXECUTED", T0));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("a"),
            TestMigration.recording("m2", 2).replacing("b"));
    runner.importHistory(HistorySource.of(Tool.MONGOCK));
    // README step 4: the old tool's collections are dropped before m2 ever ran.
    db.database().getCollection("mongockChangeLog").drop();

    assertThat(runner.planImport(HistorySource.of(Tool.MONGOCK)).problems()).isEmpty();
    assertThat(runner.importHistory(HistorySource.of(Tool.MONGOCK))).isEmpty();
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("m2");
    assertThat(runner.getHistory("m1")).hasSize(1);
  }

  @Test
  void anImportCutShortIsFinishedByTheNextOneAndNothingRunsAgain(TestDatabase db) {
    MongoCollection<Document> changeLog = db.database().getCollection("mongockChangeLog");
    changeLog.insertOne(mongock5("a", "EXECUTED", T0));
    changeLog.insertOne(mongock5("b", "EXECUTED", T0.plusSeconds(1)));
    java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationRunner runner =
        runner(
            db,
            TestMigration.of("m1", 1, ctx -> ran.add("m1"), ctx -> {}).replacing("a"),
            TestMigration.of("m2", 2, ctx -> ran.add("m2"), ctx -> {}).replacing("b"));
    runner.importHistory(HistorySource.of(Tool.MONGOCK));
    // As if the process died after recording m1 only.
    db.database().getCollection("lms_migrations").deleteOne(new Document("_id", "m2"));

    assertThat(runner.importHistory(HistorySource.of(Tool.MONGOCK)))
        .extracting(MigrationStatus::name)
        .containsExactly("m2");
    runner.upAll();

    assertThat(ran).as("neither old change runs again").isEmpty();
    assertThat(runner.getHistory("m1")).hasSize(1);
  }

  @Test
  void aMigrationThisLibraryRolledBackIsNotImportedAgain(TestDatabase db) {
    db.database().getCollection("mongockChangeLog").insertOne(mongock5("a", "EXECUTED", T0));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("a"));
    runner.importHistory(HistorySource.of(Tool.MONGOCK));
    runner.down("m1");

    assertThat(runner.importHistory(HistorySource.of(Tool.MONGOCK))).isEmpty();
    assertThat(runner.getStatus("m1").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
  }

  @Test
  void twoInstancesImportingAtOnceRecordEachMigrationOnce(TestDatabase db) throws Exception {
    MongoCollection<Document> changeLog = db.database().getCollection("mongockChangeLog");
    List<TestMigration> migrations = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      changeLog.insertOne(mongock5("c" + i, "EXECUTED", T0.plusSeconds(i)));
      migrations.add(TestMigration.recording("m" + i, i).replacing("c" + i));
    }
    migrations.add(TestMigration.recording("m6", 6));
    List<MigrationRunner> runners =
        List.of(
            MigrationRunner.builder(db.template()).migrations(migrations).build(),
            MigrationRunner.builder(db.newTemplate()).migrations(migrations).build());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (MigrationRunner runner : runners) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return runner.importHistory(HistorySource.of(Tool.MONGOCK)).size();
                }));
      }
      start.countDown();
      List<Integer> counts = new ArrayList<>();
      for (Future<Integer> result : results) {
        counts.add(result.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS));
      }
      assertThat(counts).containsExactlyInAnyOrder(5, 0);
    } finally {
      pool.shutdownNow();
    }
    for (int i = 1; i <= 5; i++) {
      assertThat(runners.get(0).getHistory("m" + i)).hasSize(1);
    }
    assertThat(runners.get(1).upAll()).extracting(MigrationStatus::name).containsExactly("m6");
    assertThat(db.template().count(new Query(), "effects")).isEqualTo(1);
  }

  private static MigrationRunner runner(TestDatabase db, Migration... migrations) {
    return MigrationRunner.builder(db.template()).migrations(List.of(migrations)).build();
  }

  /** An entry as Mongock 5 writes it. */
  private static Document mongock5(String changeId, String state, Instant at) {
    return mongock4(changeId, state, at).append("type", "EXECUTION").append("systemChange", false);
  }

  /** An entry as Mongock 4 writes it: no {@code type}, no {@code systemChange}. */
  private static Document mongock4(String changeId, String state, Instant at) {
    return new Document("_id", new ObjectId())
        .append("executionId", "2024-03-01T10:15:30.123-" + changeId)
        .append("changeId", changeId)
        .append("author", "alice")
        .append("timestamp", Date.from(at))
        .append("state", state)
        .append("changeLogClass", "com.example.changes.V1Changes")
        .append("changeSetMethod", "execution")
        .append("metadata", null)
        .append("executionMillis", 42L)
        .append("executionHostname", "pod-1")
        .append("errorTrace", null);
  }

  /**
   * A row as Flyway's MongoDB support writes it: {@code installed_on} as the text of a {@code
   * java.sql.Timestamp} (always with a fraction), the numbers as int32.
   */
  @Test
  void refusesAFlywayVersionBelowItsBaseline(TestDatabase db) {
    MongoCollection<Document> history = db.database().getCollection("flyway_schema_history");
    history.insertOne(flyway(1, "2", "BASELINE", "2024-03-01 10:00:00.0", true));
    history.insertOne(flyway(2, "3", "SQL", "2024-03-01 10:15:30.0", true));
    MigrationRunner runner =
        runner(
            db,
            TestMigration.recording("m1", 1).replacing("1.5"),
            TestMigration.recording("m3", 3).replacing("3"));

    assertThatThrownBy(() -> runner.importHistory(HistorySource.of(Tool.FLYWAY)))
        .isInstanceOf(HistoryImportRefusedException.class)
        .hasMessageContaining(
            "flyway version 1.5 is below the baseline at version 2: Flyway never recorded it one"
                + " by one");
    assertThat(runner.info().hasHistory()).isFalse();
  }

  @Test
  void aFlywayVersionMarkedDeletedByRepairStillCountsAsApplied(TestDatabase db) {
    MongoCollection<Document> history = db.database().getCollection("flyway_schema_history");
    history.insertOne(flyway(1, "1", "SQL", "2024-03-01 10:15:30.0", true));
    history.insertOne(flyway(2, "1", "DELETE", "2024-04-01 09:00:00.0", true));
    MigrationRunner runner = runner(db, TestMigration.recording("m1", 1).replacing("1"));

    assertThat(runner.importHistory(HistorySource.of(Tool.FLYWAY)))
        .extracting(MigrationStatus::name)
        .containsExactly("m1");
  }

  @Test
  void comparesFlywayVersionsPartByPart() {
    assertThat(LegacyHistory.compareFlywayVersions("1.10", "1.9")).isPositive();
    assertThat(LegacyHistory.compareFlywayVersions("2", "2.0")).isZero();
    assertThat(LegacyHistory.compareFlywayVersions("1.5", "2")).isNegative();
  }

  private static Document flyway(
      int rank, String version, String type, String on, boolean success) {
    return new Document("installed_rank", rank)
        .append("version", version)
        .append("description", "change " + version)
        .append("type", type)
        .append("script", "V" + version + "__change.js")
        .append("checksum", 12345)
        .append("installed_by", "deployer")
        .append("installed_on", on)
        .append("execution_time", 7)
        .append("success", success);
  }
}
