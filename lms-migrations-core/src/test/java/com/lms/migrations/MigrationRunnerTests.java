package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.Together;
import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationFinding;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.query.Query;

@ExtendWith(MongoDatabaseExtension.class)
class MigrationRunnerTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @Test
  void upAllAppliesPendingMigrationsInVersionOrder() {
    List<String> order = new CopyOnWriteArrayList<>();
    runner.register(TestMigration.of("second", 2, ctx -> order.add("second"), ctx -> {}));
    runner.register(TestMigration.of("first", 1, ctx -> order.add("first"), ctx -> {}));
    Instant before = Instant.now();

    List<MigrationStatus> applied = runner.upAll();

    assertThat(order).containsExactly("first", "second");
    assertThat(applied).extracting(MigrationStatus::name).containsExactly("first", "second");
    assertThat(applied)
        .containsExactly(
            runner.getStatus("first").orElseThrow(), runner.getStatus("second").orElseThrow());
    MigrationStatus first = runner.getStatus("first").orElseThrow();
    assertThat(first.status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.executedAt()).isBetween(before.minusMillis(1), Instant.now());
    assertThat(first.executionTime()).isNotNull().isGreaterThanOrEqualTo(0L);
    assertThat(first.error()).isNull();
    assertThat(runner.info().currentVersion()).isEqualTo(2);
  }

  @Test
  void neverRunMigrationsArePendingWithoutTimes() {
    runner.register(TestMigration.recording("add_tags", 1));

    assertThat(runner.getStatus("add_tags"))
        .contains(new MigrationStatus("add_tags", 1, MigrationState.PENDING, null, null, null));
    assertThat(runner.info().currentVersion()).isZero();
  }

  @Test
  void completedMigrationsAreNeverRunAgain() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();

    assertThat(runner.upAll()).isEmpty();
    assertThat(runner.up("add_tags").status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(effects()).isEqualTo(1);
  }

  @Test
  void upAllStopsAtTheFirstFailureAndLeavesLaterMigrationsPending() {
    runner.register(TestMigration.recording("one", 1));
    runner.register(
        TestMigration.of(
            "two",
            2,
            ctx -> {
              ctx.log().info("about to fail on {}", "courses");
              throw new IllegalStateException("boom");
            },
            ctx -> {}));
    runner.register(TestMigration.recording("three", 3));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("Migration 'two' (version 2) failed while applying")
        .hasMessageContaining("IllegalStateException: boom")
        .hasMessageContaining("MigrationRunner.getLogs(\"two\")")
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(state("one")).isEqualTo(MigrationState.COMPLETED);
    MigrationStatus two = runner.getStatus("two").orElseThrow();
    assertThat(two.status()).isEqualTo(MigrationState.FAILED);
    assertThat(two.error()).contains("boom");
    assertThat(two.executedAt()).isNotNull();
    assertThat(state("three")).isEqualTo(MigrationState.PENDING);
    List<MigrationLogEntry> logs = runner.getLogs("two");
    assertThat(logs).extracting(MigrationLogEntry::level).containsExactly("INFO", "ERROR");
    assertThat(logs.get(0).message()).isEqualTo("about to fail on courses");
    // The stored error carries the stack trace, so the failing line can be found from the logs.
    assertThat(logs.get(1).message())
        .startsWith("Failed while applying: java.lang.IllegalStateException: boom")
        .contains("at com.lms.migrations.MigrationRunnerTests.lambda$");
    assertThat(effects()).isEqualTo(1);
  }

  @Test
  void failedMigrationsAreRunAgainByUpAll() {
    boolean[] broken = {true};
    runner.register(
        TestMigration.of(
            "flaky",
            1,
            ctx -> {
              if (broken[0]) {
                throw new IllegalStateException("not yet");
              }
              ctx.mongoTemplate().insert(new Document("_id", "flaky"), "effects");
            },
            ctx -> {}));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    broken[0] = false;
    List<MigrationStatus> applied = runner.upAll();

    assertThat(applied)
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);
    assertThat(runner.getStatus("flaky").orElseThrow().error()).isNull();
    assertThat(effects()).isEqualTo(1);
  }

  @Test
  void checkedExceptionsAreAttachedAsTheCause() {
    runner.register(
        TestMigration.of(
            "reads_file",
            1,
            ctx -> {
              throw new IOException("disk gone");
            },
            ctx -> {}));

    assertThatThrownBy(() -> runner.up("reads_file"))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("IOException: disk gone")
        .cause()
        .isInstanceOf(IOException.class)
        .hasMessage("disk gone");
    assertThat(runner.getStatus("reads_file").orElseThrow().error())
        .isEqualTo("IOException: disk gone");
  }

  @Test
  void upAppliesOneMigrationWhateverItsVersion() {
    runner.register(TestMigration.recording("one", 1));
    runner.register(TestMigration.recording("two", 2));

    MigrationStatus two = runner.up("two");

    assertThat(two.status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(state("one")).isEqualTo(MigrationState.PENDING);
  }

  @Test
  void upToStopsAtTheTargetVersion() {
    runner.register(TestMigration.recording("one", 1));
    runner.register(TestMigration.recording("two", 2));
    runner.register(TestMigration.recording("three", 3));

    assertThat(runner.upTo(2)).extracting(MigrationStatus::name).containsExactly("one", "two");
    assertThat(state("three")).isEqualTo(MigrationState.PENDING);
    assertThatThrownBy(() -> runner.upTo(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version -1");
  }

  @Test
  void downRevertsAndReturnsTheMigrationToPending() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();

    MigrationStatus status = runner.down("add_tags");

    assertThat(status)
        .isEqualTo(new MigrationStatus("add_tags", 1, MigrationState.PENDING, null, null, null));
    assertThat(effects()).isZero();
    assertThat(runner.upAll()).hasSize(1);
    assertThat(effects()).isEqualTo(1);
  }

  @Test
  void rollbackIsTheSameAsDown() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();

    assertThat(runner.rollback("add_tags").status()).isEqualTo(MigrationState.PENDING);
    assertThat(effects()).isZero();
  }

  @Test
  void downOfAMigrationThatIsNotAppliedIsAnError() {
    runner.register(TestMigration.recording("add_tags", 1));

    assertThatThrownBy(() -> runner.down("add_tags"))
        .isInstanceOf(MigrationNotAppliedException.class)
        .hasMessageContaining(
            "Cannot roll back migration 'add_tags': it is PENDING, never applied");
    assertThat(db.database().listCollectionNames()).isEmpty();
  }

  @Test
  void aFailedDownIsRecordedAndCanBeRetried() {
    boolean[] broken = {true};
    runner.register(
        TestMigration.of(
            "drop_tags",
            1,
            ctx -> {},
            ctx -> {
              if (broken[0]) {
                throw new IllegalStateException("cannot drop");
              }
            }));
    runner.upAll();

    assertThatThrownBy(() -> runner.down("drop_tags"))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("failed while rolling back");
    assertThat(state("drop_tags")).isEqualTo(MigrationState.FAILED);

    broken[0] = false;
    assertThat(runner.down("drop_tags").status()).isEqualTo(MigrationState.PENDING);
  }

  @Test
  void rollbackToRollsBackNewestFirstAndOnlyAboveTheVersion() {
    List<String> order = new CopyOnWriteArrayList<>();
    for (int version = 1; version <= 4; version++) {
      String name = "m" + version;
      runner.register(TestMigration.of(name, version, ctx -> {}, ctx -> order.add(name)));
    }
    runner.upAll();

    List<MigrationStatus> rolledBack = runner.rollbackTo(2);

    assertThat(order).containsExactly("m4", "m3");
    assertThat(rolledBack).extracting(MigrationStatus::name).containsExactly("m4", "m3");
    assertThat(rolledBack).extracting(MigrationStatus::status).containsOnly(MigrationState.PENDING);
    assertThat(state("m2")).isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.info().currentVersion()).isEqualTo(2);
    assertThat(runner.rollbackTo(2)).isEmpty();
  }

  @Test
  void rollbackToSkipsMigrationsThatWereNeverApplied() {
    List<String> order = new CopyOnWriteArrayList<>();
    for (int version = 1; version <= 3; version++) {
      String name = "m" + version;
      runner.register(TestMigration.of(name, version, ctx -> {}, ctx -> order.add(name)));
    }
    runner.up("m1");
    runner.up("m3");

    runner.rollbackTo(0);

    assertThat(order).containsExactly("m3", "m1");
  }

  @Test
  void rollbackToStopsAtTheFirstFailingDown() {
    List<String> order = new CopyOnWriteArrayList<>();
    runner.register(TestMigration.of("m1", 1, ctx -> {}, ctx -> order.add("m1")));
    runner.register(
        TestMigration.of(
            "m2",
            2,
            ctx -> {},
            ctx -> {
              throw new IllegalStateException("irreversible");
            }));
    runner.register(TestMigration.of("m3", 3, ctx -> {}, ctx -> order.add("m3")));
    runner.upAll();

    assertThatThrownBy(() -> runner.rollbackTo(0))
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("'m2'")
        .hasMessageContaining("irreversible");

    assertThat(order).containsExactly("m3");
    assertThat(state("m3")).isEqualTo(MigrationState.PENDING);
    assertThat(state("m2")).isEqualTo(MigrationState.FAILED);
    assertThat(state("m1")).isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void aNewRunnerOnTheSameDatabaseSeesWhatTheLastOneLeft() {
    runner.register(
        TestMigration.of("one", 1, ctx -> ctx.log().warn("careful: {} rows", 3), ctx -> {}));
    runner.register(
        TestMigration.of(
            "two",
            2,
            ctx -> {
              throw new IllegalStateException("boom");
            },
            ctx -> {}));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    MigrationStatus one = runner.getStatus("one").orElseThrow();

    MigrationRunner restarted = new MigrationRunner(db.newTemplate());
    restarted.register(TestMigration.of("one", 1, ctx -> {}, ctx -> {}));
    restarted.register(TestMigration.of("two", 2, ctx -> {}, ctx -> {}));

    assertThat(restarted.getStatus("one")).contains(one);
    assertThat(restarted.getStatus("two").orElseThrow().status()).isEqualTo(MigrationState.FAILED);
    assertThat(restarted.getLogs("one"))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.level()).isEqualTo("WARN");
              assertThat(entry.message()).isEqualTo("careful: 3 rows");
            });
    assertThat(restarted.info().migrations())
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED, MigrationState.FAILED);
  }

  @Test
  void recordsRunningBeforeTheMigrationStarts() {
    List<MigrationStatus> seenDuringUp = new ArrayList<>();
    MigrationRunner observer = new MigrationRunner(db.newTemplate());
    observer.register(TestMigration.recording("slow", 1));
    runner.register(
        TestMigration.of(
            "slow",
            1,
            ctx -> seenDuringUp.add(observer.getStatus("slow").orElseThrow()),
            ctx -> {}));

    runner.upAll();

    assertThat(seenDuringUp)
        .singleElement()
        .extracting(MigrationStatus::status)
        .isEqualTo(MigrationState.RUNNING);
  }

  @Test
  void keepsOnlyTheNewestLogLinesUpToTheLimit() {
    MigrationRunner limited =
        new MigrationRunner(db.template(), MigrationSettings.defaults().withLogLimit(3));
    limited.register(
        TestMigration.of(
            "chatty",
            1,
            ctx -> {
              for (int i = 1; i <= 5; i++) {
                ctx.log().info("line {}", i);
              }
            },
            ctx -> ctx.log().error("rolled back {}", "chatty")));
    limited.upAll();

    assertThat(limited.getLogs("chatty"))
        .extracting(MigrationLogEntry::message)
        .containsExactly("line 3", "line 4", "line 5");

    limited.down("chatty");
    assertThat(limited.getLogs("chatty"))
        .extracting(MigrationLogEntry::message)
        .containsExactly("line 4", "line 5", "rolled back chatty");
  }

  @Test
  void storesTheMessageOfAThrowableLoggedAsLastArgument() {
    runner.register(
        TestMigration.of(
            "warns",
            1,
            ctx -> ctx.log().warn("skipped {}", "doc-7", new NumberFormatException("bad credits")),
            ctx -> {}));
    runner.upAll();

    assertThat(runner.getLogs("warns"))
        .extracting(MigrationLogEntry::message)
        .containsExactly("skipped doc-7 - NumberFormatException: bad credits");
  }

  @Test
  void recordsEveryActionInAnAppendOnlyHistory() {
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    runner.onBehalfOf("alice").down("add_tags");
    runner.upAll();

    List<MigrationHistoryEntry> history = runner.getHistory("add_tags");

    assertThat(history)
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED),
            org.assertj.core.groups.Tuple.tuple("DOWN", MigrationState.PENDING),
            org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
    assertThat(history.get(1).principal()).isEqualTo("alice");
    assertThat(history)
        .allSatisfy(
            entry -> {
              assertThat(entry.pid()).isEqualTo(ProcessHandle.current().pid());
              assertThat(entry.host()).isNotBlank();
              assertThat(entry.owner()).isNotBlank();
              assertThat(entry.at()).isNotNull();
              assertThat(entry.durationMs()).isGreaterThanOrEqualTo(0);
            });
  }

  @Test
  void storesStateInTheConfiguredCollection() {
    MigrationRunner custom =
        new MigrationRunner(
            db.template(), MigrationSettings.defaults().withCollection("schema_history"));
    custom.register(TestMigration.recording("add_tags", 1));
    custom.upAll();

    Document stored =
        db.template().findOne(query(where("_id").is("add_tags")), Document.class, "schema_history");
    assertThat(stored).isNotNull();
    assertThat(stored.getString("status")).isEqualTo("COMPLETED");
    assertThat(stored.getInteger("version")).isEqualTo(1);
    assertThat(stored.getString("description")).isEqualTo("test migration add_tags");
    assertThat(stored.getList("history", Document.class)).hasSize(1);
    assertThat(db.database().listCollectionNames()).doesNotContain("lms_migrations");
  }

  @Test
  void concurrentUpAllOnOneRunnerAppliesEachMigrationOnce() throws Exception {
    for (int version = 1; version <= 10; version++) {
      runner.register(TestMigration.recording("m" + version, version));
    }
    int applied = Together.upAll(java.util.Collections.nCopies(4, runner), Duration.ofSeconds(60));

    assertThat(applied).isEqualTo(10);
    assertThat(effects()).isEqualTo(10);
    assertThat(runner.info().migrations())
        .extracting(MigrationStatus::status)
        .containsOnly(MigrationState.COMPLETED);
  }

  private MigrationState state(String name) {
    return runner.getStatus(name).orElseThrow().status();
  }

  private long effects() {
    return db.template().count(new Query(), "effects");
  }

  @Test
  void aListenerThatThrowsChangesNothingAboutTheRun() {
    MigrationRunner listened =
        MigrationRunner.builder(db.template())
            .listener(
                new MigrationListener() {
                  @Override
                  public void migrationStarted(Migration migration, Direction direction) {
                    throw new IllegalStateException("listener broken");
                  }

                  @Override
                  public void migrationFinished(MigrationExecution execution) {
                    throw new IllegalStateException("listener broken");
                  }
                })
            .build();
    listened.register(TestMigration.recording("one", 1));
    listened.register(TestMigration.recording("two", 2));

    assertThat(listened.upAll()).hasSize(2);

    assertThat(listened.info().migrations())
        .extracting(MigrationStatus::status)
        .containsOnly(MigrationState.COMPLETED);
    assertThat(listened.getLogs("one")).isEmpty();
  }

  @Test
  void aMigrationCannotCallTheRunnerThatRunsIt() {
    runner.register(TestMigration.of("outer", 1, ctx -> runner.upAll(), ctx -> {}));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasRootCauseMessage(
            "A migration or listener called the MigrationRunner that is running it; apply or roll"
                + " back migrations from outside a migration");
    assertThat(runner.getStatus("outer").orElseThrow().status()).isEqualTo(MigrationState.FAILED);
  }

  @Test
  void infoAnswersEveryQuestionFromOneReadOfTheHistory() {
    MigrationRunner newerBuild =
        MigrationRunner.builder(db.template())
            .migration(TestMigration.recording("one", 1))
            .migration(TestMigration.recording("two", 2))
            .migration(TestMigration.recording("three", 3))
            .migration(TestMigration.recording("four", 4))
            .build();
    newerBuild.upTo(2);
    newerBuild.up("four");
    MigrationRunner olderBuild =
        MigrationRunner.builder(db.template())
            .migrations(
                List.of(
                    TestMigration.recording("three", 3),
                    TestMigration.recording("one", 1),
                    TestMigration.recording("two", 2)))
            .build();

    MigrationsInfo info = olderBuild.info();

    assertThat(info.migrations())
        .extracting(MigrationStatus::name)
        .containsExactly("one", "two", "three");
    assertThat(info.pending()).extracting(MigrationStatus::name).containsExactly("three");
    assertThat(info.failed()).isEmpty();
    assertThat(info.future()).extracting(MigrationStatus::name).containsExactly("four");
    assertThat(info.currentVersion()).isEqualTo(4);
    assertThat(info.plan()).containsExactly(new PlannedMigration("three", 3, Direction.UP));
    assertThat(info.find("two").orElseThrow().isApplied()).isTrue();
    assertThat(info.find("four")).isEmpty();
    assertThat(info.lock()).isEmpty();
    assertThat(olderBuild.info().plan(2)).isEmpty();
    assertThat(olderBuild.info().currentVersion()).isEqualTo(info.currentVersion());
  }

  @Test
  void infoShowsWhoHoldsTheLock() {
    runner.register(TestMigration.recording("one", 1));
    List<MigrationsInfo> seen = new ArrayList<>();
    MigrationRunner observer = new MigrationRunner(db.template());
    observer.register(TestMigration.recording("one", 1));
    runner.register(TestMigration.of("two", 2, ctx -> seen.add(observer.info()), ctx -> {}));

    runner.upAll();

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).lock()).get().extracting(LockHolder::isThisProcess).isEqualTo(true);
    assertThat(seen.get(0).find("one").orElseThrow().isApplied()).isTrue();
    assertThat(observer.info().lock()).isEmpty();
  }

  @Test
  void theBuilderRefusesTwoMigrationsWithOneVersion() {
    MigrationRunner.Builder builder =
        MigrationRunner.builder(db.template())
            .migration(TestMigration.recording("one", 1))
            .migration(TestMigration.recording("uno", 1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(DuplicateMigrationException.class)
        .hasMessageContaining("Migrations 'one' and 'uno' both have version 1");
  }

  @Test
  void migrateOnAnUpToDateDatabaseReadsTheHistoryOnceAndWritesNothing() {
    runner.register(TestMigration.recording("one", 1));
    runner.upAll();
    List<org.bson.BsonDocument> commands = new CopyOnWriteArrayList<>();
    try (com.mongodb.client.MongoClient client =
        com.mongodb.client.MongoClients.create(
            com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(
                    new com.mongodb.ConnectionString(
                        com.lms.migrations.testing.TestMongo.serverUri()))
                .addCommandListener(
                    new com.mongodb.event.CommandListener() {
                      @Override
                      public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                        commands.add(event.getCommand().clone());
                      }
                    })
                .build())) {
      MigrationRunner restarted =
          MigrationRunner.builder(
                  new org.springframework.data.mongodb.core.MongoTemplate(client, db.name()))
              .migration(TestMigration.recording("one", 1))
              .build();

      assertThat(restarted.validateAndUpTo(Integer.MAX_VALUE)).isEmpty();
    }

    assertThat(commands)
        .as("one read of the status collection, no write")
        .extracting(org.bson.BsonDocument::getFirstKey)
        .containsExactly("find");
  }

  @Test
  void migrateRunsNothingWhenTheCodeDisagreesWithTheHistory() {
    List<String> ran = new CopyOnWriteArrayList<>();
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    List<MigrationRunSummary> runs = new CopyOnWriteArrayList<>();
    MigrationRunner renamed =
        MigrationRunner.builder(db.template())
            .listener(
                new MigrationListener() {
                  @Override
                  public void runFinished(MigrationRunSummary summary) {
                    runs.add(summary);
                  }
                })
            .migration(TestMigration.of("add_labels", 1, ctx -> ran.add("add_labels"), ctx -> {}))
            .migration(TestMigration.of("later", 2, ctx -> ran.add("later"), ctx -> {}))
            .build();

    assertThatThrownBy(() -> renamed.validateAndUpTo(Integer.MAX_VALUE))
        .isInstanceOf(MigrationValidationException.class)
        .hasMessageContaining("Version 1 is recorded as 'add_tags'");
    assertThat(ran).isEmpty();
    assertThat(runs).as("refused before anything ran: no run to report").isEmpty();
    assertThat(renamed.getStatus("later").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
    assertThat(renamed.info().validation().errorFindings())
        .extracting(ValidationFinding::kind)
        .containsExactly(ValidationFinding.Kind.NAME_CHANGED);
  }
}
