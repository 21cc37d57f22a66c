package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantRunReport;
import com.lms.migrations.testing.JavaProcess;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMongo;
import com.lms.migrations.testing.Together;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/** Separate JVMs on one database: the deployments the lock exists for. */
@ExtendWith(MongoDatabaseExtension.class)
class MultiProcessTests {

  @Test
  void threeProcessesAndThisOneMigratingTheSameTenTenantsApplyEachMigrationOncePerTenant(
      TestDatabase db) throws Exception {
    List<String> tenants = MigrationWorker.tenants(db.name());
    List<JavaProcess> processes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        processes.add(
            JavaProcess.start(MigrationWorker.class, db.uri(), db.name(), "tenants", "30000"));
      }
      MigrationRunner runner =
          new MigrationRunner(
              db.newTemplate(),
              MigrationSettings.defaults()
                  .withLock(LockSettings.defaults().withPollInterval(Duration.ofMillis(50))));
      MigrationWorker.countingMigrations().forEach(runner::register);
      Poll.until(
          "three workers ready",
          Duration.ofSeconds(60),
          () -> db.database().getCollection("signals").countDocuments() == 3);
      db.template().insert(new Document("_id", "go"), "signals");
      TenantRunReport report =
          TenantMigrations.builder(runner, MigrationTenants.of(tenants))
              .parallelism(3)
              .build()
              .migrateAll();
      assertThat(report.succeeded()).isTrue();
      for (JavaProcess process : processes) {
        assertThat(process.waitFor(180)).as(process.output()).isZero();
      }
      for (String tenant : tenants) {
        List<Document> counters =
            new MongoTemplate(TestMongo.client(), tenant).findAll(Document.class, "counters");
        assertThat(counters).as(tenant).hasSize(MigrationWorker.COUNTING_MIGRATIONS);
        assertThat(counters)
            .as(tenant)
            .allSatisfy(c -> assertThat(c.getInteger("applied")).isEqualTo(1));
        assertThat(
                TestMongo.client()
                    .getDatabase(tenant)
                    .getCollection("lms_migrations_lock")
                    .countDocuments())
            .as(tenant + " lock")
            .isZero();
      }
      assertThat(db.database().listCollectionNames())
          .as("the template's own database holds only the test's signals")
          .containsExactly("signals");
    } finally {
      for (JavaProcess process : processes) {
        process.close();
      }
      tenants.forEach(tenant -> TestMongo.client().getDatabase(tenant).drop());
    }
  }

  @Test
  void threeProcessesAndEightThreadsApplyEachMigrationExactlyOnce(TestDatabase db)
      throws Exception {
    List<JavaProcess> processes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        processes.add(
            JavaProcess.start(MigrationWorker.class, db.uri(), db.name(), "counters", "30000"));
      }
      List<MigrationRunner> runners = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        MigrationRunner runner =
            new MigrationRunner(
                db.newTemplate(),
                MigrationSettings.defaults()
                    .withLock(LockSettings.defaults().withPollInterval(Duration.ofMillis(50))));
        MigrationWorker.countingMigrations().forEach(runner::register);
        runners.add(runner);
      }
      Together.upAll(runners, Duration.ofSeconds(180));
      for (JavaProcess process : processes) {
        assertThat(process.waitFor(180)).as(process.output()).isZero();
      }
    } finally {
      for (JavaProcess process : processes) {
        process.close();
      }
    }
    List<Document> counters = db.template().findAll(Document.class, "counters");
    assertThat(counters).hasSize(MigrationWorker.COUNTING_MIGRATIONS);
    assertThat(counters).allSatisfy(c -> assertThat(c.getInteger("applied")).isEqualTo(1));
  }

  @Test
  void aMigrationKilledMidwayIsReportedAsInterruptedAndRunAgainWithoutDoubleApplying(
      TestDatabase db) throws Exception {
    for (int i = 0; i < MigrationWorker.ITEMS; i++) {
      db.template().insert(new Document("_id", i), "items");
    }
    long leaseMillis = 1500;
    long killedPid;
    try (JavaProcess worker =
        JavaProcess.start(
            MigrationWorker.class, db.uri(), db.name(), "crash", String.valueOf(leaseMillis))) {
      Poll.until(
          "the worker to be halfway through the migration",
          Duration.ofSeconds(60),
          () -> db.template().count(new Query(), "markers") == 1);
      killedPid = worker.pid();
      worker.kill();
    }
    long migratedBeforeCrash =
        db.template()
            .count(
                Query.query(
                    org.springframework.data.mongodb.core.query.Criteria.where("migrated")
                        .is(true)),
                "items");
    assertThat(migratedBeforeCrash).isEqualTo(MigrationWorker.ITEMS / 2);

    // The dead worker's lease must be taken over within one lease (plus polling slack).
    MigrationRunner next =
        new MigrationRunner(
            db.newTemplate(),
            MigrationSettings.defaults()
                .withLock(
                    LockSettings.defaults()
                        .withWaitTime(Duration.ofMillis(leaseMillis * 2))
                        .withPollInterval(Duration.ofMillis(50))));
    next.register(MigrationWorker.slowTransform(false));
    List<MigrationStatus> applied = next.upAll();

    assertThat(applied)
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);
    List<MigrationHistoryEntry> history = next.getHistory("transform_items");
    assertThat(history)
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("INTERRUPTED", "UP");
    assertThat(history.get(0).error())
        .contains("pid " + killedPid)
        .contains("never recorded its outcome");
    List<Document> items = db.template().findAll(Document.class, "items");
    assertThat(items).hasSize(MigrationWorker.ITEMS);
    assertThat(items).allSatisfy(item -> assertThat(item.getInteger("timesMigrated")).isEqualTo(1));
  }

  @Test
  void aHolderFrozenPastItsLeaseIsFencedOffWhenItWakesAndEveryItemIsMigratedOnce(TestDatabase db)
      throws Exception {
    List<Document> items = new ArrayList<>();
    for (int i = 0; i < MigrationWorker.BATCH_ITEMS; i++) {
      items.add(new Document("_id", i));
    }
    db.database().getCollection("items").insertMany(items);
    try (JavaProcess worker =
        JavaProcess.start(MigrationWorker.class, db.uri(), db.name(), "batch-freeze", "1500")) {
      Poll.until(
          "the worker to be in the middle of a batch",
          Duration.ofSeconds(60),
          () -> db.template().count(new Query(), "markers") == 1);
      worker.freeze();

      MigrationRunner next =
          new MigrationRunner(
              db.newTemplate(),
              MigrationSettings.defaults()
                  .withLock(
                      LockSettings.defaults()
                          .withWaitTime(Duration.ofSeconds(10))
                          .withPollInterval(Duration.ofMillis(50))));
      next.register(MigrationWorker.batchTransform(false));
      assertThat(next.upAll())
          .extracting(MigrationStatus::status)
          .containsExactly(MigrationState.COMPLETED);

      db.template().insert(new Document("_id", "go"), "markers");
      worker.thaw();
      assertThat(worker.waitFor(60)).as(worker.output()).isEqualTo(1);
      assertThat(worker.output())
          .contains(
              "Lost the migration lock while running migration 'batch_transform_items',"
                  + " before writing a batch")
          .contains("its outcome could not be recorded");
      assertThat(next.getHistory("batch_transform_items"))
          .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
              org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
      assertThat(next.getStatus("batch_transform_items").orElseThrow().status())
          .isEqualTo(MigrationState.COMPLETED);
    }
    assertThat(
            db.database().getCollection("items").countDocuments(new Document("timesMigrated", 1)))
        .isEqualTo(MigrationWorker.BATCH_ITEMS);
    assertThat(db.database().getCollection("lms_migrations_lock").countDocuments()).isZero();
  }

  @Test
  void aBackgroundMigrationWhoseInstanceWasKilledIsCarriedOnByAnotherAndEachItemIsMigratedOnce(
      TestDatabase db) throws Exception {
    List<Document> items = new ArrayList<>();
    for (int i = 0; i < MigrationWorker.BATCH_ITEMS; i++) {
      items.add(new Document("_id", i));
    }
    db.database().getCollection("items").insertMany(items);
    long killedPid;
    try (JavaProcess worker =
        JavaProcess.start(MigrationWorker.class, db.uri(), db.name(), "background-crash", "1500")) {
      Poll.until(
          "the worker to be in the middle of batch 26",
          Duration.ofSeconds(60),
          () -> db.template().count(new Query(), "markers") == 1);
      killedPid = worker.pid();
      worker.kill();
    }
    MigrationRunner other =
        new MigrationRunner(
            db.newTemplate(),
            MigrationSettings.defaults()
                .withLock(LockSettings.defaults().withPollInterval(Duration.ofMillis(50))));
    other.register(MigrationWorker.backgroundTransform(false));
    assertThat(other.background().progress("background_transform_items").state())
        .isEqualTo(BackgroundState.RUNNING);

    // Its lease (1.5 s) must run out before anyone may carry it on.
    java.util.concurrent.atomic.AtomicReference<MigrationStatus> ran =
        new java.util.concurrent.atomic.AtomicReference<>();
    Poll.until(
        "another instance to carry the migration on",
        Duration.ofSeconds(30),
        () -> {
          other.background().runNext(() -> false).ifPresent(ran::set);
          return ran.get() != null;
        });

    assertThat(ran.get().status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(other.getHistory("background_transform_items"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("INTERRUPTED", "UP");
    assertThat(other.getHistory("background_transform_items").get(0).error())
        .contains("pid " + killedPid);
    assertThat(other.getLogs("background_transform_items"))
        .extracting(MigrationLogEntry::message)
        .contains(
            "background_transform_items/items: resuming after _id 2499 (2500 documents already"
                + " processed)");
    assertThat(
            db.database().getCollection("items").countDocuments(new Document("timesMigrated", 1)))
        .isEqualTo(MigrationWorker.BATCH_ITEMS);
    assertThat(db.database().getCollection("lms_migrations_lock").countDocuments()).isZero();
  }
}
