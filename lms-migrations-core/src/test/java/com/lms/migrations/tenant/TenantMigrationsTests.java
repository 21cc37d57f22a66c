package com.lms.migrations.tenant;

import static com.lms.migrations.testing.SideEffects.count;
import static com.lms.migrations.testing.SideEffects.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.DatabaseNames;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.RepeatableMigration;
import com.lms.migrations.testing.TcpProxy;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

class TenantMigrationsTests {

  private final String prefix = TestMongo.newDatabaseName("tenants").substring(0, 20) + "_";
  private final MongoTemplate home = new MongoTemplate(TestMongo.client(), prefix + "home");

  @AfterEach
  void dropTenantDatabases() {
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Test
  void eachTenantGetsItsOwnHistoryAndOneFailingTenantDoesNotStopTheOthers() {
    List<String> names = List.of(prefix + "a", prefix + "b", prefix + "c");
    MigrationRunner template =
        runnerWith(
            counting("create_courses", 1),
            TestMigration.of(
                "add_tags",
                2,
                ctx -> {
                  if (ctx.mongoTemplate().getDb().getName().equals(prefix + "b")) {
                    throw new IllegalStateException("school b has a course without a title");
                  }
                  count(ctx.mongoTemplate(), "add_tags");
                },
                ctx -> {}),
            counting("add_levels", 3));
    TenantMigrations tenants =
        TenantMigrations.builder(template, MigrationTenants.of(names)).parallelism(2).build();

    TenantRunReport report = tenants.migrateAll();

    assertThat(report.outcomes())
        .extracting(TenantOutcome::tenant, TenantOutcome::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(prefix + "a", TenantOutcome.State.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(prefix + "b", TenantOutcome.State.FAILED),
            org.assertj.core.groups.Tuple.tuple(prefix + "c", TenantOutcome.State.SUCCEEDED));
    assertThat(report.outcomes().get(0).applied()).hasSize(3);
    assertThat(report.failed().get(0).failure())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("add_tags")
        .hasRootCauseMessage("school b has a course without a title");
    // Each database holds its own history, and exactly the work done in it.
    assertThat(states(tenants.runner(prefix + "a")))
        .containsExactly(
            MigrationState.COMPLETED, MigrationState.COMPLETED, MigrationState.COMPLETED);
    assertThat(states(tenants.runner(prefix + "b")))
        .containsExactly(MigrationState.COMPLETED, MigrationState.FAILED, MigrationState.PENDING);
    assertThat(counts(prefix + "a"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("create_courses", 1, "add_tags", 1, "add_levels", 1));
    assertThat(counts(prefix + "b"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1));
    assertThat(counts(prefix + "c"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("create_courses", 1, "add_tags", 1, "add_levels", 1));
    // Nothing was written to the template's own database, and no lock is left anywhere.
    assertThat(TestMongo.client().getDatabase(prefix + "home").listCollectionNames()).isEmpty();
    names.forEach(name -> assertThat(tenants.runner(name).info().lock()).isEmpty());

    assertThatThrownBy(report::throwIfFailed)
        .isInstanceOf(TenantMigrationsFailedException.class)
        .hasMessageStartingWith(
            "Migrations failed for 1 of 3 tenants:\n  - tenant '" + prefix + "b': ")
        .hasMessageContaining("'add_tags'")
        .hasMessageContaining("school b has a course without a title")
        .hasMessageNotContaining(prefix + "a'")
        .hasCauseInstanceOf(MigrationFailedException.class);
  }

  @Test
  void aRepeatableMigrationRunsOncePerTenantAndAgainInEachWhenItChanges() {
    List<String> names = List.of(prefix + "a", prefix + "b");
    TenantMigrations first =
        TenantMigrations.builder(
                runnerWith(counting("create_courses", 1), repeatable("course_view", "v1")),
                MigrationTenants.of(names))
            .build();
    first.migrateAll().throwIfFailed();
    first.migrateAll().throwIfFailed(); // a restart: nothing changed

    TenantMigrations changed =
        TenantMigrations.builder(
                runnerWith(counting("create_courses", 1), repeatable("course_view", "v2")),
                MigrationTenants.of(names))
            .build();
    TenantRunReport report = changed.migrateAll();

    assertThat(report.outcomes())
        .allSatisfy(
            outcome ->
                assertThat(outcome.applied())
                    .extracting(MigrationStatus::name)
                    .containsExactly("course_view"));
    for (String name : names) {
      assertThat(counts(name))
          .as(name)
          .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1, "course_view", 2));
      assertThat(changed.runner(name).validate().findings()).as(name).isEmpty();
    }
  }

  private static RepeatableMigration repeatable(String name, String checksum) {
    return new RepeatableMigration() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String checksum() {
        return checksum;
      }

      @Override
      public void up(MigrationContext ctx) {
        count(ctx.mongoTemplate(), name);
      }
    };
  }

  @Test
  void failFastLeavesTheTenantsNotYetStartedUntouched() {
    List<String> names = List.of(prefix + "a", prefix + "b", prefix + "c");
    MigrationRunner template =
        runnerWith(
            TestMigration.of(
                "create_courses",
                1,
                ctx -> {
                  if (ctx.mongoTemplate().getDb().getName().equals(prefix + "b")) {
                    throw new IllegalStateException("boom");
                  }
                  count(ctx.mongoTemplate(), "create_courses");
                },
                ctx -> {}));
    TenantMigrations tenants =
        TenantMigrations.builder(template, MigrationTenants.of(names))
            .parallelism(1)
            .failFast(true)
            .build();

    TenantRunReport report = tenants.migrateAll();

    assertThat(report.outcomes())
        .extracting(TenantOutcome::state)
        .containsExactly(
            TenantOutcome.State.SUCCEEDED,
            TenantOutcome.State.FAILED,
            TenantOutcome.State.NOT_STARTED);
    assertThat(TestMongo.client().listDatabaseNames()).doesNotContain(prefix + "c");
    assertThatThrownBy(report::throwIfFailed)
        .hasMessageContaining("Migrations failed for 1 of 3 tenants")
        .hasMessageContaining("Not started, because fail-fast stopped the run: '" + prefix + "c'.");
  }

  @Test
  void anErrorInOneTenantsMigrationIsThatTenantsFailureOnly() {
    List<String> names = List.of(prefix + "a", prefix + "b");
    MigrationRunner template =
        runnerWith(
            TestMigration.of(
                "create_courses",
                1,
                ctx -> {
                  if (ctx.mongoTemplate().getDb().getName().equals(prefix + "a")) {
                    throw new StackOverflowError("deep");
                  }
                  count(ctx.mongoTemplate(), "create_courses");
                },
                ctx -> {}));
    TenantMigrations tenants =
        TenantMigrations.builder(template, MigrationTenants.of(names)).parallelism(2).build();

    TenantRunReport report = tenants.migrateAll();

    assertThat(report.outcomes())
        .extracting(TenantOutcome::state)
        .containsExactly(TenantOutcome.State.FAILED, TenantOutcome.State.SUCCEEDED);
    assertThat(report.failed().get(0).failure()).hasMessageContaining("create_courses");
    assertThat(states(tenants.runner(prefix + "a"))).containsExactly(MigrationState.FAILED);
    assertThat(counts(prefix + "b")).containsExactlyEntriesOf(Map.of("create_courses", 1));
    assertThat(tenants.runner(prefix + "a").info().lock()).isEmpty();
  }

  @Test
  void interruptingTheRunStopsTheRunningTenantsBeforeItReturnsAndStartsNoOther() throws Exception {
    List<String> names = List.of(prefix + "a", prefix + "b", prefix + "c");
    CountDownLatch bothInside = new CountDownLatch(2);
    CountDownLatch never = new CountDownLatch(1);
    MigrationRunner template =
        runnerWith(
            TestMigration.of(
                "create_courses",
                1,
                ctx -> {
                  count(ctx.mongoTemplate(), "create_courses");
                  bothInside.countDown();
                  never.await(); // gives up only when interrupted
                },
                ctx -> {}),
            counting("add_tags", 2));
    TenantMigrations tenants =
        TenantMigrations.builder(template, MigrationTenants.of(names)).parallelism(2).build();
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                tenants.migrateAll();
              } catch (Throwable e) {
                thrown.add(e);
              }
            });
    caller.start();
    assertThat(bothInside.await(30, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(60_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown).hasSize(1);
    assertThat(thrown.get(0))
        .isInstanceOf(java.util.concurrent.CancellationException.class)
        .hasMessage("Interrupted while migrating tenants; the tenants running then have stopped");
    // When the call returned, both running tenants had recorded how their migration ended.
    for (String name : List.of(prefix + "a", prefix + "b")) {
      MigrationRunner runner = tenants.runnerFor(name);
      assertThat(states(runner))
          .as(name)
          .containsExactly(MigrationState.FAILED, MigrationState.PENDING);
      assertThat(runner.getStatus("create_courses").orElseThrow().error()).contains("Interrupted");
      assertThat(runner.info().lock()).as(name).isEmpty();
      assertThat(counts(name)).containsExactlyEntriesOf(Map.of("create_courses", 1));
    }
    assertThat(TestMongo.client().listDatabaseNames()).doesNotContain(prefix + "c");
  }

  @Test
  void aConnectionCutMidMigrationFailsThatTenantNamingTheMigrationAndTheNextRunRecoversIt()
      throws Exception {
    String server = TestMongo.serverUri();
    int serverPort = Integer.parseInt(server.replaceAll(".*:", "").replaceAll("[^0-9].*", ""));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cut = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean cutting =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try (TcpProxy proxy = TcpProxy.to(serverPort);
        MongoClient client =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(
                        new ConnectionString(
                            "mongodb://127.0.0.1:" + proxy.port() + "/?directConnection=true"))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
                    .applyToSocketSettings(c -> c.connectTimeout(1, TimeUnit.SECONDS))
                    .build())) {
      MigrationRunner template =
          MigrationRunner.builder(new MongoTemplate(client, prefix + "home"))
              .settings(fastLock())
              .migration(
                  TestMigration.of(
                          "copy_courses",
                          1,
                          ctx -> {
                            count(ctx.mongoTemplate(), "copy_courses");
                            if (cutting.get()
                                && ctx.mongoTemplate().getDb().getName().endsWith("_b")) {
                              started.countDown();
                              assertThat(cut.await(10, TimeUnit.SECONDS)).isTrue();
                              ctx.mongoTemplate()
                                  .insert(new Document("_id", "after-cut"), "effects");
                            }
                          },
                          ctx -> {})
                      .nonTransactional())
              .migration(counting("add_tags", 2))
              .build();
      // Tenant a is done before tenant b starts; the cut hits b in the middle of its migration.
      TenantMigrations tenants =
          TenantMigrations.builder(
                  template, MigrationTenants.of(List.of(prefix + "a", prefix + "b")))
              .parallelism(1)
              .build();
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        Future<TenantRunReport> run = caller.submit(tenants::migrateAll);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        proxy.cut();
        cut.countDown();
        TenantRunReport report = run.get(60, TimeUnit.SECONDS);

        assertThat(report.outcomes())
            .extracting(TenantOutcome::state)
            .containsExactly(TenantOutcome.State.SUCCEEDED, TenantOutcome.State.FAILED);
        MigrationFailedException failure =
            (MigrationFailedException) report.failed().get(0).failure();
        assertThat(failure.getMigrationName()).isEqualTo("copy_courses");
        assertThat(failure.isOutcomeRecorded()).isFalse();
        assertThatThrownBy(report::throwIfFailed)
            .hasMessageContaining("tenant '" + prefix + "b': Migration 'copy_courses' (version 1)");
        // What the server holds: b's migration is still marked running, its later write never
        // happened, and a is complete.
        org.bson.Document status =
            TestMongo.client()
                .getDatabase(prefix + "b")
                .getCollection("lms_migrations")
                .find(Filters.eq("_id", "copy_courses"))
                .first();
        assertThat(status.getString("status")).isEqualTo("RUNNING");
        assertThat(
                TestMongo.client()
                    .getDatabase(prefix + "b")
                    .getCollection("effects")
                    .countDocuments())
            .isZero();
        assertThat(counts(prefix + "a"))
            .containsExactlyInAnyOrderEntriesOf(Map.of("copy_courses", 1, "add_tags", 1));

        proxy.restore();
        cutting.set(false);
        TenantRunReport again = tenants.migrateAll();

        assertThat(again.succeeded()).isTrue();
        assertThat(again.outcomes().get(0).applied()).as("a is not touched again").isEmpty();
        assertThat(again.outcomes().get(1).applied())
            .extracting(MigrationStatus::name)
            .containsExactly("copy_courses", "add_tags");
        assertThat(tenants.runnerFor(prefix + "b").getHistory("copy_courses"))
            .extracting(h -> h.action(), h -> h.outcome())
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
                org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
        assertThat(counts(prefix + "b"))
            .as("the interrupted run and the re-run, both visible in the history")
            .containsExactlyInAnyOrderEntriesOf(Map.of("copy_courses", 2, "add_tags", 1));
        for (String name : List.of(prefix + "a", prefix + "b")) {
          assertThat(
                  TestMongo.client()
                      .getDatabase(name)
                      .getCollection("lms_migrations_lock")
                      .countDocuments())
              .as(name + " lock")
              .isZero();
        }
      } finally {
        caller.shutdownNow();
      }
    }
  }

  @org.springframework.data.mongodb.core.mapping.Document("courses")
  record Course(
      @org.springframework.data.annotation.Id String id,
      @org.springframework.data.mongodb.core.index.Indexed(unique = true) String code) {}

  @Test
  void aTenantsTemplateMapsTheApplicationsTypesButCreatesNoneOfItsIndexes() {
    // An application with auto-index-creation on, which knows its Course entity.
    org.springframework.data.mongodb.core.mapping.MongoMappingContext context =
        new org.springframework.data.mongodb.core.mapping.MongoMappingContext();
    context.setAutoIndexCreation(true);
    org.springframework.data.mongodb.core.convert.MappingMongoConverter converter =
        new org.springframework.data.mongodb.core.convert.MappingMongoConverter(
            org.springframework.data.mongodb.core.convert.NoOpDbRefResolver.INSTANCE, context);
    converter.afterPropertiesSet();
    MongoTemplate application =
        new MongoTemplate(
            new org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory(
                TestMongo.client(), prefix + "home"),
            converter);
    context.getPersistentEntity(Course.class);
    MigrationRunner template =
        MigrationRunner.builder(application)
            .migration(
                TestMigration.of(
                    "insert_course",
                    1,
                    ctx -> ctx.mongoTemplate().insert(new Course("c1", "ALG")),
                    ctx -> {}))
            .build();

    TenantMigrations.builder(template, MigrationTenants.of(List.of(prefix + "a")))
        .build()
        .migrateAll()
        .throwIfFailed();

    List<String> indexes = new ArrayList<>();
    TestMongo.client()
        .getDatabase(prefix + "a")
        .getCollection("courses")
        .listIndexes()
        .forEach(index -> indexes.add(index.getString("name")));
    assertThat(indexes)
        .as("the tenant's indexes: only what its migrations create")
        .containsExactly("_id_");
    Document course =
        TestMongo.client().getDatabase(prefix + "a").getCollection("courses").find().first();
    assertThat(course).containsEntry("_id", "c1").containsEntry("code", "ALG");
  }

  @Test
  void aFewBackgroundWorkersGoRoundTheTenantsListedNowIncludingOneAddedLater() {
    List<String> listed =
        new CopyOnWriteArrayList<>(List.of(prefix + "a", prefix + "b", prefix + "c"));
    MigrationRunner template =
        runnerWith(counting("create_courses", 1), counting("backfill_levels", 2).inBackground());
    TenantMigrations tenants =
        TenantMigrations.builder(template, () -> List.copyOf(listed)).build();
    assertThat(tenants.migrateAll().succeeded()).isTrue();
    // The tenant no longer listed keeps its history; the workers leave it alone.
    tenants.migrate(prefix + "gone");

    try (com.lms.migrations.background.BackgroundWorker workers =
        TenantBackgroundWorkers.start(tenants, Duration.ofMillis(20), 2)) {
      com.lms.migrations.testing.Poll.until(
          "the three tenants' background migration",
          Duration.ofSeconds(30),
          () -> listed.stream().allMatch(name -> counts(name).containsKey("backfill_levels")));

      listed.add(prefix + "d");
      tenants.migrate(prefix + "d");
      com.lms.migrations.testing.Poll.until(
          "the new tenant's background migration",
          Duration.ofSeconds(30),
          () -> counts(prefix + "d").containsKey("backfill_levels"));
      assertThat(workers.isRunning()).isTrue();
    }

    for (String name : listed) {
      assertThat(counts(name))
          .as(name)
          .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1, "backfill_levels", 1));
      assertThat(tenants.runnerFor(name).getStatus("backfill_levels").orElseThrow().status())
          .isEqualTo(MigrationState.COMPLETED);
    }
    assertThat(counts(prefix + "gone")).containsExactlyEntriesOf(Map.of("create_courses", 1));
  }

  @Test
  void aTenantNeverWaitsForAnotherTenantsLock() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MigrationRunner template =
        runnerWith(
            TestMigration.of(
                "create_courses",
                1,
                ctx -> {
                  if (ctx.mongoTemplate().getDb().getName().equals(prefix + "slow")) {
                    inside.countDown();
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                  }
                  count(ctx.mongoTemplate(), "create_courses");
                },
                ctx -> {}));
    TenantMigrations tenants =
        TenantMigrations.builder(
                template, MigrationTenants.of(List.of(prefix + "slow", prefix + "quick")))
            .build();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<List<MigrationStatus>> slow = other.submit(() -> tenants.migrate(prefix + "slow"));
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(tenants.runner(prefix + "slow").info().lock()).isPresent();

      // The slow tenant holds its lock; the quick one does not wait for it.
      assertThat(tenants.migrate(prefix + "quick"))
          .extracting(MigrationStatus::status)
          .containsExactly(MigrationState.COMPLETED);

      release.countDown();
      assertThat(slow.get(30, TimeUnit.SECONDS)).hasSize(1);
    } finally {
      release.countDown();
      other.shutdownNow();
    }
  }

  @Test
  void aTenantCreatedAtRunTimeIsMigratedBeforeUseAndListedOnceTheSourceListsIt() {
    List<String> listed = new CopyOnWriteArrayList<>(List.of(prefix + "a"));
    TenantMigrations tenants =
        TenantMigrations.builder(
                runnerWith(counting("create_courses", 1)), () -> List.copyOf(listed))
            .build();
    assertThat(tenants.migrateAll().succeeded()).isTrue();

    // A school signs up: its database is migrated before the application first uses it.
    assertThat(tenants.migrate(prefix + "new"))
        .extracting(MigrationStatus::name)
        .containsExactly("create_courses");
    assertThat(counts(prefix + "new")).containsExactlyEntriesOf(Map.of("create_courses", 1));
    assertThatThrownBy(() -> tenants.runner(prefix + "new"))
        .isInstanceOf(UnknownTenantException.class)
        .hasMessage("No tenant named '" + prefix + "new'; the tenants are " + prefix + "a");

    listed.add(prefix + "new");
    assertThat(tenants.tenants()).containsExactly(prefix + "a", prefix + "new");
    TenantRunReport again = tenants.migrateAll();
    assertThat(again.outcomes()).allSatisfy(outcome -> assertThat(outcome.applied()).isEmpty());
    assertThat(counts(prefix + "new")).containsExactlyEntriesOf(Map.of("create_courses", 1));
  }

  @Test
  void twoHundredTenantsAreMigratedInOneRun() {
    List<String> names = IntStream.range(0, 200).mapToObj(i -> prefix + "s" + i).toList();
    TenantMigrations tenants =
        TenantMigrations.builder(
                runnerWith(
                    counting("create_courses", 1),
                    counting("add_tags", 2),
                    counting("add_levels", 3)),
                MigrationTenants.of(names))
            .parallelism(4)
            .build();

    TenantRunReport report = tenants.migrateAll();

    assertThat(report.succeeded()).isTrue();
    assertThat(report.outcomes())
        .extracting(TenantOutcome::tenant)
        .containsExactlyElementsOf(names);
    for (String name : names) {
      assertThat(counts(name))
          .as(name)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("create_courses", 1, "add_tags", 1, "add_levels", 1));
    }
    // A restart finds every tenant up to date.
    assertThat(tenants.migrateAll().outcomes())
        .allSatisfy(outcome -> assertThat(outcome.applied()).isEmpty());
  }

  @Test
  void manyInstancesWithManyTenantsApplyEveryMigrationOncePerTenant() throws Exception {
    List<String> names = IntStream.range(0, 12).mapToObj(i -> prefix + "s" + i).toList();
    int instances = 4;
    List<TenantMigrations> all = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      // Each instance has its own template (its own state), as separate processes would.
      MigrationRunner template =
          MigrationRunner.builder(new MongoTemplate(TestMongo.client(), prefix + "home"))
              .settings(fastLock())
              .migrations(List.of(counting("create_courses", 1), counting("add_tags", 2)))
              .build();
      all.add(
          TenantMigrations.builder(template, MigrationTenants.of(names)).parallelism(3).build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TenantRunReport>> runs = new ArrayList<>();
      for (TenantMigrations instance : all) {
        runs.add(
            pool.submit(
                () -> {
                  go.await();
                  return instance.migrateAll();
                }));
      }
      go.countDown();
      int applied = 0;
      for (Future<TenantRunReport> run : runs) {
        TenantRunReport report = run.get(120, TimeUnit.SECONDS);
        assertThat(report.succeeded()).isTrue();
        applied += report.outcomes().stream().mapToInt(o -> o.applied().size()).sum();
      }
      // Every migration ran exactly once per tenant, by whichever instance got there first.
      assertThat(applied).isEqualTo(names.size() * 2);
      for (String name : names) {
        assertThat(counts(name))
            .as(name)
            .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1, "add_tags", 1));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNameMongoDbWouldRefuseIsRefusedBeforeAnyTenantIsTouched() {
    TenantMigrations tenants =
        TenantMigrations.builder(
                runnerWith(counting("create_courses", 1)),
                MigrationTenants.of(List.of(prefix + "a", "school.b")))
            .build();

    assertThatThrownBy(tenants::migrateAll)
        .isInstanceOf(InvalidDatabaseNameException.class)
        .hasMessage(
            "'school.b' is not a valid MongoDB database name: it contains '.'. A database name has"
                + " at most 63 bytes and none of / \\ . \" $ * < > : | ?, spaces or null"
                + " characters.");
    assertThat(TestMongo.client().listDatabaseNames()).doesNotContain(prefix + "a");

    MigrationRunner runner = runnerWith();
    assertThatThrownBy(() -> runner.forDatabase("x".repeat(64)))
        .isInstanceOf(InvalidDatabaseNameException.class)
        .hasMessageContaining("it is longer than 63 bytes");
    assertThatThrownBy(() -> runner.forDatabase(""))
        .hasMessageStartingWith("'' is not a valid MongoDB database name: it is empty.");
    assertThatThrownBy(() -> runner.forDatabase("my school"))
        .hasMessageContaining("it contains ' '");
    assertThatThrownBy(
            () -> TenantMigrations.builder(runner, MigrationTenants.of(List.of())).parallelism(0))
        .hasMessage("Tenant parallelism must be 1 or more, was 0");
  }

  @Test
  void aPatternListsTheDatabasesThatExistAndMatch() {
    for (String name : List.of("school_1", "school_2", "other")) {
      TestMongo.client()
          .getDatabase(prefix + name)
          .getCollection("marker")
          .insertOne(new Document());
    }
    MigrationTenants schools =
        MigrationTenants.matching(home, Pattern.compile(Pattern.quote(prefix) + "school_\\d+"));
    MigrationTenants nothing =
        MigrationTenants.matching(home, Pattern.compile(Pattern.quote(prefix) + "nothing_.*"));

    assertThat(schools.databases()).containsExactly(prefix + "school_1", prefix + "school_2");
    assertThat(nothing.databases()).isEmpty();
  }

  @Test
  void aPatternNeverListsTheLibrarysOwnScratchOrTestDatabases() {
    String testDatabase = DatabaseNames.TEST_PREFIX + prefix + "school_9";
    for (String name :
        List.of(
            prefix + "school_1", prefix + "school_1" + DatabaseNames.VERIFY_SUFFIX, testDatabase)) {
      TestMongo.client().getDatabase(name).getCollection("marker").insertOne(new Document());
    }
    try {
      MigrationTenants schools =
          MigrationTenants.matching(
              home,
              Pattern.compile(
                  "("
                      + Pattern.quote(DatabaseNames.TEST_PREFIX)
                      + ")?"
                      + Pattern.quote(prefix)
                      + "school_.*"));

      assertThat(schools.databases()).containsExactly(prefix + "school_1");
    } finally {
      TestMongo.client().getDatabase(testDatabase).drop();
    }
  }

  @Test
  void eachTenantsRunnerHearsItsOwnDatabaseThroughTheListener() {
    List<String> heard = new CopyOnWriteArrayList<>();
    MigrationListener listener = new DatabaseListener("home", heard);
    MigrationRunner template =
        MigrationRunner.builder(home)
            .listener(listener)
            .migration(counting("create_courses", 1))
            .build();
    TenantMigrations tenants =
        TenantMigrations.builder(template, MigrationTenants.of(List.of(prefix + "a", prefix + "b")))
            .parallelism(1)
            .build();

    tenants.migrateAll().throwIfFailed();

    assertThat(heard)
        .containsExactly(prefix + "a:create_courses:UP", prefix + "b:create_courses:UP");
    assertThat(tenants.runner(prefix + "a").getDatabaseName()).isEqualTo(prefix + "a");
  }

  private record DatabaseListener(String database, List<String> heard)
      implements MigrationListener {
    @Override
    public void migrationFinished(MigrationExecution execution) {
      heard.add(database + ":" + execution.name() + ":" + execution.direction());
    }

    @Override
    public MigrationListener forOtherDatabase(MigrationRunner runner) {
      return new DatabaseListener(runner.getDatabaseName(), heard);
    }
  }

  private MigrationRunner runnerWith(Migration... migrations) {
    return MigrationRunner.builder(home)
        .settings(fastLock())
        .migrations(List.of(migrations))
        .build();
  }

  private static MigrationSettings fastLock() {
    MigrationSettings defaults = MigrationSettings.defaults();
    return new MigrationSettings(
        defaults.collection(),
        defaults.logLimit(),
        new com.lms.migrations.LockSettings(
            defaults.lock().collection(),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofMillis(20)),
        defaults.transactionMode());
  }

  private static TestMigration counting(String name, int version) {
    return TestMigration.of(name, version, ctx -> count(ctx.mongoTemplate(), name), ctx -> {});
  }

  private static List<MigrationState> states(MigrationRunner runner) {
    return runner.info().migrations().stream().map(MigrationStatus::status).toList();
  }
}
