package com.lms.migrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.lms.migrations.testing.Together;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Expand and contract across two builds running at once against one database: the old build knows
 * migrations up to version 2, the new one adds an expand migration (3) and a contract one (4) that
 * drops what the old build reads.
 */
@ExtendWith(MongoDatabaseExtension.class)
class ExpandContractTests {

  private static final Duration RENEW = Duration.ofSeconds(10);
  private final String prefix = TestMongo.newDatabaseName("contract").substring(0, 20) + "_";

  @AfterEach
  void dropTenants() {
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Test
  void aContractMigrationWaitsWhileAnOlderBuildRunsAndIsAppliedOnceItIsGone(TestDatabase db)
      throws Exception {
    MigrationRunner old = oldBuild(db.template());
    old.upAll();
    MigrationRunner next = newBuild(db.template());

    try (InstancePresence oldInstance = old.instances().announce("lms", "1.0", RENEW);
        InstancePresence newInstance = next.instances().announce("lms", "2.0", RENEW)) {
      assertThat(next.upAll()).extracting(s -> s.name()).containsExactly("add_name");

      assertThat(state(next, "drop_title")).isEqualTo(MigrationState.PENDING);
      assertThat(
              db.database()
                  .getCollection("effects")
                  .countDocuments(Filters.eq("_id", "drop_title")))
          .isZero();
      assertThat(next.info().plan()).as("nothing more until the old build is gone").isEmpty();
      assertThat(next.info().waiting())
          .singleElement()
          .satisfies(
              wait -> {
                assertThat(wait.migration()).isEqualTo("drop_title");
                assertThat(wait.olderBuilds())
                    .singleElement()
                    .satisfies(instance -> assertThat(instance.knowsUpTo()).isEqualTo(2));
                assertThat(wait.describe())
                    .startsWith(
                        "contract migration 'drop_title' (version 4) waits for instances whose"
                            + " builds do not know it: ")
                    .endsWith(
                        "(pid "
                            + ProcessHandle.current().pid()
                            + ", lms 1.0), build knows up to v2");
              });
    }

    // The old instance stopped (its record is gone); two new instances start at once.
    MigrationRunner another = newBuild(db.template());
    try (InstancePresence first = next.instances().announce("lms", "2.0", RENEW);
        InstancePresence second = another.instances().announce("lms", "2.0", RENEW)) {
      assertThat(next.info().waiting()).isEmpty();
      assertThat(Together.upAll(List.of(next, another), Duration.ofSeconds(30))).isEqualTo(1);
    }
    assertThat(state(next, "drop_title")).isEqualTo(MigrationState.COMPLETED);
    assertThat(
            db.database().getCollection("effects").countDocuments(Filters.eq("_id", "drop_title")))
        .isEqualTo(1);
  }

  @Test
  void anOlderInstanceThatDiedStopsHoldingItBackOnceItsRecordLapses(TestDatabase db) {
    MigrationRunner next = newBuild(db.template());
    db.database()
        .getCollection("lms_migrations_instances")
        .insertOne(
            new Document("_id", "dead-old-instance")
                .append("host", "pod-gone")
                .append("pid", 7L)
                .append("knowsUpTo", 2)
                .append("startedAt", new Date(0))
                .append("lastSeen", new Date(0))
                .append("expiresAt", Date.from(Instant.now().minusSeconds(1))));

    assertThat(next.upAll()).extracting(s -> s.name()).contains("drop_title");
  }

  @Test
  void anOperatorCanApplyItByNameWhileTheOlderBuildRunsAndItIsRecordedWhoDid(TestDatabase db) {
    MigrationRunner old = oldBuild(db.template());
    MigrationRunner next = newBuild(db.template());
    try (InstancePresence oldInstance = old.instances().announce(null, null, RENEW)) {
      next.upAll();
      next.onBehalfOf("ops@example.org").up("drop_title");
    }

    assertThat(state(next, "drop_title")).isEqualTo(MigrationState.COMPLETED);
    assertThat(next.getHistory("drop_title"))
        .extracting(MigrationHistoryEntry::principal)
        .containsExactly("ops@example.org");
  }

  @Test
  void expandMigrationsNeverWaitAndWithoutRunningInstancesNothingWaits(TestDatabase db) {
    MigrationRunner next = newBuild(db.template());
    assertThat(next.info().plan())
        .extracting(PlannedMigration::name)
        .containsExactly("add_course", "add_level", "add_name", "drop_title");

    MigrationRunner old = oldBuild(db.template());
    try (InstancePresence oldInstance = old.instances().announce(null, null, RENEW)) {
      assertThat(next.info().plan())
          .extracting(PlannedMigration::name)
          .containsExactly("add_course", "add_level", "add_name");
    }
  }

  @Test
  void aBackgroundContractMigrationWaitsForTheWorkerToo(TestDatabase db) {
    MigrationRunner old = oldBuild(db.template());
    MigrationRunner next = oldBuild(db.template());
    next.register(TestMigration.recording("drop_title_in_background", 3).contract().inBackground());
    next.upAll();

    try (InstancePresence oldInstance = old.instances().announce(null, null, RENEW)) {
      assertThat(next.background().runNext(() -> false))
          .as("a worker round while 1.0 runs")
          .isEmpty();
      assertThat(state(next, "drop_title_in_background")).isEqualTo(MigrationState.PENDING);
    }
    assertThat(next.background().runNext(() -> false)).isPresent();
    assertThat(state(next, "drop_title_in_background")).isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void eachTenantWaitsForTheSameRunningInstances(TestDatabase db) {
    List<String> names = List.of(prefix + "a", prefix + "b");
    MigrationRunner home = newBuild(new MongoTemplate(TestMongo.client(), prefix + "home"));
    TenantMigrations tenants = TenantMigrations.builder(home, MigrationTenants.of(names)).build();
    MigrationRunner old = oldBuild(new MongoTemplate(TestMongo.client(), prefix + "home"));

    try (InstancePresence oldInstance = old.instances().announce(null, null, RENEW)) {
      tenants.migrateAll().throwIfFailed();
      for (String tenant : names) {
        assertThat(state(tenants.runner(tenant), "drop_title"))
            .as(tenant)
            .isEqualTo(MigrationState.PENDING);
        assertThat(state(tenants.runner(tenant), "add_name"))
            .as(tenant)
            .isEqualTo(MigrationState.COMPLETED);
      }
    }
    tenants.migrateAll().throwIfFailed();
    for (String tenant : names) {
      assertThat(state(tenants.runner(tenant), "drop_title"))
          .as(tenant)
          .isEqualTo(MigrationState.COMPLETED);
    }
  }

  private static MigrationRunner oldBuild(MongoTemplate template) {
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(TestMigration.recording("add_course", 1));
    runner.register(TestMigration.recording("add_level", 2));
    return runner;
  }

  private static MigrationRunner newBuild(MongoTemplate template) {
    MigrationRunner runner = oldBuild(template);
    runner.register(TestMigration.recording("add_name", 3));
    runner.register(TestMigration.recording("drop_title", 4).contract());
    return runner;
  }

  private static MigrationState state(MigrationRunner runner, String name) {
    return runner.getStatus(name).orElseThrow().status();
  }
}
