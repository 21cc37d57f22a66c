package com.lms.migrations.schema;

import static com.mongodb.client.model.Filters.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationLeaseLostException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationState;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TcpProxy;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Where schema steps meet the other capabilities: a holder that lost its lease, background
 * migrations paused or rolled back half way, tenants, the target version and dry-run plans.
 */
@ExtendWith(MongoDatabaseExtension.class)
class SchemaStepMeetingPointTests extends SchemaStepFixture {

  private TestDatabase db;
  private final String prefix = TestMongo.newDatabaseName("steps").substring(0, 20) + "_";

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @AfterEach
  void dropTenants() {
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Override
  MongoTemplate template() {
    return db.template();
  }

  @Override
  boolean hasCollMod() {
    return !TestMongo.isEmbedded();
  }

  @Test
  void aHolderThatLostTheMigrationTakesNoFurtherStepAndRecordsNone() {
    insertCourses(20);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "taken_over",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("status"));
                  // Another instance takes the migration over (this one was frozen past its lease).
                  database()
                      .getCollection("lms_migrations")
                      .updateOne(
                          Filters.eq("_id", "taken_over"),
                          Updates.set("running.owner", "another-instance"));
                  ctx.schema().createIndex("courses", Indexes.ascending("title"));
                }));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasCauseInstanceOf(MigrationLeaseLostException.class);

    assertThat(index("courses", "status_1")).isNotNull();
    assertThat(index("courses", "title_1")).isNull();
    assertThat(runner.getSchemaSteps("taken_over"))
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.index()).isEqualTo(1);
              assertThat(step.state()).isEqualTo(StepRecord.State.DONE);
            });
    // The other instance's run is left alone: its mark is not overwritten by this one.
    assertThat(
            database()
                .getCollection("lms_migrations")
                .find(Filters.eq("_id", "taken_over"))
                .first()
                .get("running", Document.class)
                .getString("owner"))
        .isEqualTo("another-instance");
  }

  @Test
  void aConnectionCutInTheMiddleOfAChunkedStepIsRecoveredAndTheStepCarriesOnFromItsCheckpoint()
      throws Exception {
    insertCourses(3_000);
    ConnectionString server = new ConnectionString(TestMongo.serverUri());
    int serverPort = Integer.parseInt(server.getHosts().get(0).replaceAll(".*:", ""));
    AtomicInteger courseUpdates = new AtomicInteger();
    AtomicBoolean cutting = new AtomicBoolean(true);
    try (TcpProxy proxy = TcpProxy.to(serverPort)) {
      CommandListener cutAtTheThirdChunk =
          new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
              if (cutting.get()
                  && event.getCommandName().equals("update")
                  && event.getCommand().getString("update").getValue().equals("courses")
                  && courseUpdates.incrementAndGet() == 3) {
                proxy.cut();
              }
            }
          };
      try (MongoClient client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(
                      new ConnectionString(
                          "mongodb://127.0.0.1:" + proxy.port() + "/?directConnection=true"))
                  .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
                  .applyToSocketSettings(c -> c.connectTimeout(1, TimeUnit.SECONDS))
                  .addCommandListener(cutAtTheThirdChunk)
                  .build())) {
        MigrationRunner runner =
            new MigrationRunner(
                new MongoTemplate(client, db.name()),
                MigrationSettings.defaults()
                    .withLock(
                        LockSettings.defaults()
                            .withLeaseTime(Duration.ofSeconds(2))
                            .withWaitTime(Duration.ofSeconds(10))
                            .withPollInterval(Duration.ofMillis(50))));
        runner.register(
            stepsOnly(
                "cut_rename",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("status"));
                  ctx.schema().batchSize(500).renameField("courses", "title", "name");
                }));

        assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
        assertThat(courses().countDocuments(exists("name"))).isEqualTo(1_000);
        assertThat(
                database()
                    .getCollection("lms_migrations")
                    .find(Filters.eq("_id", "cut_rename"))
                    .first()
                    .getString("status"))
            .isEqualTo("RUNNING");

        proxy.restore();
        cutting.set(false);
        runner.upAll();

        assertThat(courses().countDocuments(exists("name"))).isEqualTo(3_000);
        assertThat(courses().countDocuments(exists("title"))).isZero();
        assertThat(runner.getHistory("cut_rename"))
            .extracting(MigrationHistoryEntry::action)
            .containsExactly("INTERRUPTED", "UP");
        assertThat(logs(runner, "cut_rename"))
            .contains("Step 1: created index courses.status_1 (done by an earlier run)")
            .anyMatch(
                line -> line.contains("resuming after _id 999 (1000 documents already processed)"));
        assertThat(runner.getSchemaSteps("cut_rename"))
            .extracting(StepRecord::state)
            .containsExactly(StepRecord.State.DONE, StepRecord.State.DONE);
      }
    }
  }

  @Test
  void aPausedBackgroundMigrationStopsBeforeItsNextChunkAndResumesWithoutRetakingDoneSteps() {
    insertCourses(3_000);
    AtomicInteger runs = new AtomicInteger();
    MigrationRunner[] runner = new MigrationRunner[1];
    runner[0] =
        runner(
            TestMigration.of(
                    "rename_in_background",
                    2,
                    ctx -> {
                      ctx.schema().createIndex("courses", Indexes.ascending("status"));
                      if (runs.incrementAndGet() == 1) {
                        runner[0].background().pause("rename_in_background"); // an operator
                      }
                      ctx.schema().batchSize(500).renameField("courses", "title", "name");
                    },
                    ctx -> {})
                .nonTransactional()
                .inBackground());

    assertThat(runner[0].background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(runner[0].background().progress("rename_in_background").state())
        .isEqualTo(BackgroundState.PAUSED);
    assertThat(courses().countDocuments(exists("name"))).isZero();
    assertThat(runner[0].background().runNext(() -> false)).isEmpty();

    runner[0].background().resume("rename_in_background");
    assertThat(runner[0].background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);

    assertThat(courses().countDocuments(exists("name"))).isEqualTo(3_000);
    assertThat(logs(runner[0], "rename_in_background"))
        .contains("Step 1: created index courses.status_1 (done by an earlier run)");
  }

  @Test
  void aBackgroundMigrationStoppedHalfWayIsRolledBackByItsSteps() {
    insertCourses(2_000);
    DatabaseState before = DatabaseState.of(database());
    MigrationRunner[] runner = new MigrationRunner[1];
    runner[0] =
        runner(
            TestMigration.of(
                    "rename_then_stop",
                    2,
                    ctx -> {
                      ctx.schema().createIndex("courses", Indexes.ascending("status"));
                      runner[0].background().pause("rename_then_stop");
                      ctx.schema().renameField("courses", "title", "name");
                    },
                    ctx -> {})
                .nonTransactional()
                .inBackground());
    runner[0].background().runNext(() -> false);

    runner[0].rollbackTo(0);

    assertThat(DatabaseState.of(database())).isEqualTo(before);
    assertThat(state(runner[0], "rename_then_stop")).isEqualTo(MigrationState.PENDING);
    assertThat(runner[0].background().progress("rename_then_stop").state())
        .as("a pause stays until resume")
        .isEqualTo(BackgroundState.PAUSED);
  }

  @Test
  void markingPendingTakesTheStepsAsUndoneByHandSoTheNextRunTakesThemAgain() {
    insertCourses(5);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "index_status",
                1,
                ctx -> ctx.schema().createIndex("courses", Indexes.ascending("status"))));
    runner.upAll();
    courses().dropIndex("status_1"); // an operator undoes it by hand

    runner.onBehalfOf("ops").markPending("index_status");
    assertThat(runner.getSchemaSteps("index_status"))
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.state()).isEqualTo(StepRecord.State.UNDONE);
              assertThat(step.undone()).isEqualTo("taken as undone by hand: marked pending by ops");
            });
    runner.upAll();

    assertThat(index("courses", "status_1")).isNotNull();
    assertThat(logs(runner, "index_status"))
        .containsSubsequence(
            "Step 1: created index courses.status_1", "Step 1: created index courses.status_1");
  }

  @Test
  void markingAppliedAgainAfterStepsWereUndoneLeavesNothingToRollBackWithAndSaysSo() {
    insertCourses(5);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "index_status",
                1,
                ctx -> ctx.schema().createIndex("courses", Indexes.ascending("status"))));
    runner.upAll();
    runner.down("index_status");
    courses().createIndex(Indexes.ascending("status")); // an operator, by hand
    runner.markApplied("index_status");
    assertThat(runner.getSchemaSteps("index_status"))
        .as("the undone steps are forgotten")
        .isEmpty();

    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThatThrownBy(() -> runner.down("index_status"))
          .as("attempt " + attempt + ": a failed rollback is no way around it")
          .cause()
          .hasMessageStartingWith(
              "Migration 'index_status' has no down() of its own and no recorded schema steps to"
                  + " undo");
      assertThat(state(runner, "index_status")).isEqualTo(MigrationState.FAILED);
      assertThat(index("courses", "status_1")).isNotNull();
    }
  }

  @Test
  void stepsAboveTheTargetVersionAreNotTakenAndADryRunPlanTakesNone() {
    insertCourses(10);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "index_status",
                1,
                ctx -> ctx.schema().createIndex("courses", Indexes.ascending("status"))),
            stepsOnly(
                "rename_title", 2, ctx -> ctx.schema().renameField("courses", "title", "name")));

    assertThat(runner.info().plan(2)).hasSize(2);
    assertThat(index("courses", "status_1")).as("planning takes no step").isNull();
    runner.upTo(1);

    assertThat(index("courses", "status_1")).isNotNull();
    assertThat(courses().countDocuments(exists("name"))).isZero();
    assertThat(runner.getSchemaSteps("rename_title")).isEmpty();
  }

  @Test
  void eachTenantTakesAndRecordsItsOwnStepsAndOneTenantsRefusalChangesNoOther() {
    List<String> names = List.of(prefix + "a", prefix + "b");
    for (String name : names) {
      TestMongo.client()
          .getDatabase(name)
          .getCollection("courses")
          .insertOne(new Document("_id", 1).append("title", "Algebra"));
    }
    // School b already has a 'name' beside 'title': the rename would overwrite it there.
    TestMongo.client()
        .getDatabase(prefix + "b")
        .getCollection("courses")
        .updateOne(Filters.eq("_id", 1), Updates.set("name", "kept"));
    MigrationRunner template =
        new MigrationRunner(
            new MongoTemplate(TestMongo.client(), prefix + "home"), MigrationSettings.defaults());
    template.register(
        stepsOnly(
            "rename_title",
            1,
            ctx -> {
              ctx.schema().createIndex("courses", Indexes.ascending("title"));
              ctx.schema().renameField("courses", "title", "name");
            }));
    TenantMigrations tenants =
        TenantMigrations.builder(template, MigrationTenants.of(names)).build();

    TenantRunReport report = tenants.migrateAll();

    assertThat(report.outcomes())
        .extracting(TenantOutcome::state)
        .containsExactly(TenantOutcome.State.SUCCEEDED, TenantOutcome.State.FAILED);
    assertThat(tenants.runner(prefix + "a").getSchemaSteps("rename_title")).hasSize(2);
    assertThat(tenants.runner(prefix + "b").getSchemaSteps("rename_title"))
        .extracting(StepRecord::state)
        .containsExactly(StepRecord.State.DONE);
    assertThat(TestMongo.client().getDatabase(prefix + "b").getCollection("courses").find().first())
        .containsEntry("title", "Algebra")
        .containsEntry("name", "kept");

    tenants.runner(prefix + "a").rollbackTo(0);
    assertThat(TestMongo.client().getDatabase(prefix + "a").getCollection("courses").find().first())
        .containsEntry("title", "Algebra")
        .doesNotContainKey("name");
    assertThat(
            TestMongo.client()
                .getDatabase(prefix + "a")
                .getCollection("courses")
                .listIndexes()
                .into(new ArrayList<>()))
        .hasSize(1);
    assertThat(state(tenants.runner(prefix + "b"), "rename_title"))
        .isEqualTo(MigrationState.FAILED);
  }
}
