package com.lms.migrations.autoconfigure;

import static com.lms.migrations.testing.SideEffects.count;
import static com.lms.migrations.testing.SideEffects.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.actuate.health.MigrationsHealthIndicator;
import com.lms.migrations.connection.MigrationsMongoTemplate;
import com.lms.migrations.metrics.MigrationsMetrics;
import com.lms.migrations.startup.BackgroundMigrationsLifecycle;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantMigrationsFailedException;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Tenants and a migrations database of its own, configured through the starter. */
@ExtendWith(OutputCaptureExtension.class)
class TenantsAutoConfigurationTests {

  private static final AtomicBoolean schoolBFails = new AtomicBoolean();

  private final String prefix = TestMongo.newDatabaseName("tenants").substring(0, 20) + "_";
  private final String home = prefix + "home";
  private final String schoolA = prefix + "a";
  private final String schoolB = prefix + "b";

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MongoAutoConfiguration.class,
                  DataMongoAutoConfiguration.class,
                  MigrationsAutoConfiguration.class,
                  MigrationsHealthContributorAutoConfiguration.class,
                  MigrationsMetricsAutoConfiguration.class))
          .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri(home))
          .withBean("createCourses", Migration.class, () -> counting("create_courses", 1))
          .withBean("addTags", Migration.class, TenantsAutoConfigurationTests::addTags);

  @AfterEach
  void dropDatabases() {
    schoolBFails.set(false);
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Test
  void migratesEveryListedTenantAtStartupAndNotTheApplicationsDatabase() {
    contextRunner
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolA + "," + schoolB)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              TenantMigrations tenants = context.getBean(TenantMigrations.class);
              assertThat(tenants.tenants()).containsExactly(schoolA, schoolB);
              for (String school : List.of(schoolA, schoolB)) {
                assertThat(states(tenants.runner(school)))
                    .containsExactly(MigrationState.COMPLETED, MigrationState.COMPLETED);
                assertThat(counts(school))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1, "add_tags", 1));
              }
              // Not migrated: it holds only the running instances' records.
              assertThat(TestMongo.client().getDatabase(home).listCollectionNames())
                  .containsExactly("lms_migrations_instances");
            });
  }

  @Test
  void oneFailingTenantStopsStartupNamingItWhileTheOthersAreMigrated() {
    schoolBFails.set(true);
    contextRunner
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolA + "," + schoolB)
        .run(
            context -> {
              MigrationStartupRunner startup = context.getBean(MigrationStartupRunner.class);

              assertThatThrownBy(() -> startup.run(null))
                  .isInstanceOf(TenantMigrationsFailedException.class)
                  .hasMessageContaining("Migrations failed for 1 of 2 tenants:")
                  .hasMessageContaining("tenant '" + schoolB + "': ")
                  .hasMessageContaining("'add_tags'")
                  .hasMessageContaining("school b has a course without a title");
              assertThat(startup.isFinished()).isFalse();
              assertThat(counts(schoolA))
                  .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1, "add_tags", 1));
              assertThat(counts(schoolB)).containsExactlyEntriesOf(Map.of("create_courses", 1));
              TenantMigrations tenants = context.getBean(TenantMigrations.class);
              assertThat(states(tenants.runner(schoolB)))
                  .containsExactly(MigrationState.COMPLETED, MigrationState.FAILED);
            });
  }

  @Test
  void theFailureReportNamesEveryFailedTenantRatherThanOneMigration() {
    schoolBFails.set(true);
    contextRunner
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolA + "," + schoolB)
        .run(
            context -> {
              Throwable failure =
                  org.assertj.core.api.Assertions.catchThrowable(
                      () -> context.getBean(MigrationStartupRunner.class).run(null));
              // The first analysis of the failure analyzers Spring Boot loads, in its order: the
              // tenants' comes before the one that would explain a single migration's failure.
              FailureAnalysis analysis =
                  SpringFactoriesLoader.forDefaultResourceLocation()
                      .load(
                          FailureAnalyzer.class,
                          null,
                          // Spring Boot's own analyzers need the context: only ours matter here.
                          SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> {}))
                      .stream()
                      .map(analyzer -> analyzer.analyze(failure))
                      .filter(java.util.Objects::nonNull)
                      .findFirst()
                      .orElseThrow();
              assertThat(analysis.getDescription())
                  .startsWith("Migrations failed for 1 of 2 tenants:")
                  .contains(schoolB);
              assertThat(analysis.getAction())
                  .contains("lms.migrations.fail-on-error=false")
                  .contains("?tenant=<tenant>");
            });
  }

  @Test
  void withFailOnErrorFalseHealthIsDownNamingTheFailedTenantUntilItIsMadeGood() {
    schoolBFails.set(true);
    contextRunner
        .withPropertyValues(
            "lms.migrations.tenants.databases=" + schoolA + "," + schoolB,
            "lms.migrations.fail-on-error=false")
        .run(
            context -> {
              MigrationStartupRunner startup = context.getBean(MigrationStartupRunner.class);
              startup.run(null);
              assertThat(startup.isFinished()).isTrue();
              MigrationsHealthIndicator indicator =
                  context.getBean(MigrationsHealthIndicator.class);

              Health down = indicator.health(true);
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.getDetails().get("failedTenants")).isEqualTo(List.of(schoolB));
              assertThat((String) down.getDetails().get("startupError"))
                  .contains("Migrations failed for 1 of 2 tenants")
                  .contains(schoolB);
              @SuppressWarnings("unchecked")
              Map<String, Map<String, Object>> perTenant =
                  (Map<String, Map<String, Object>>) down.getDetails().get("tenants");
              assertThat(perTenant.get(schoolA))
                  .containsEntry("currentVersion", 2)
                  .containsEntry("completeVersion", 2);
              assertThat(perTenant.get(schoolB))
                  .containsEntry("currentVersion", 1)
                  .containsEntry("completeVersion", 1)
                  .containsKey("failed");
              assertThat(down.getDetails()).containsEntry("pending", 1L);

              // The school's data is fixed and the migration applied again by hand.
              schoolBFails.set(false);
              context.getBean(TenantMigrations.class).runner(schoolB).up("add_tags");

              Health up = indicator.health(true);
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails())
                  .doesNotContainKey("startupError")
                  .doesNotContainKey("failedTenants");
              assertThat(startup.getFailure()).isEmpty();
            });
  }

  @Test
  void withFailFastATenantNotStartedStaysInHealthUntilItIsMigratedAfterTheFailedOneIsFixed() {
    schoolBFails.set(true);
    String schoolC = prefix + "c";
    contextRunner
        .withPropertyValues(
            "lms.migrations.tenants.databases=" + schoolB + "," + schoolC,
            "lms.migrations.tenants.parallelism=1",
            "lms.migrations.tenants.fail-fast=true",
            "lms.migrations.fail-on-error=false")
        .run(
            context -> {
              MigrationStartupRunner startup = context.getBean(MigrationStartupRunner.class);
              startup.run(null);
              assertThat(startup.getFailure().orElseThrow())
                  .hasMessageStartingWith("Migrations failed for 1 of 2 tenants:")
                  .hasMessageContaining(
                      "Not started, because fail-fast stopped the run: '" + schoolC);

              // The failed tenant is fixed by hand; the one fail-fast left out is not migrated yet.
              schoolBFails.set(false);
              TenantMigrations tenants = context.getBean(TenantMigrations.class);
              tenants.runner(schoolB).up("add_tags");
              assertThat(startup.getFailure().orElseThrow())
                  .hasMessageStartingWith("Migrations were not run for 1 of 2 tenants.")
                  .hasMessageContaining("'" + schoolC + "'")
                  .hasMessageNotContaining("tenant '" + schoolB + "'");
              assertThat(context.getBean(MigrationsHealthIndicator.class).health(true).getStatus())
                  .isEqualTo(Status.DOWN);

              tenants.migrate(schoolC);
              assertThat(startup.getFailure()).isEmpty();
              assertThat(context.getBean(MigrationsHealthIndicator.class).health(true).getStatus())
                  .isEqualTo(Status.UP);
            });
  }

  @Test
  void backgroundWorkersGoRoundTheTenantsAndRideOutATenantListingThatFails(CapturedOutput output) {
    AtomicBoolean registryDown = new AtomicBoolean(false);
    List<String> listed = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(schoolA));
    contextRunner
        .withPropertyValues("lms.migrations.background.poll-interval=20ms")
        .withBean(
            "backfill",
            Migration.class,
            () ->
                TestMigration.of(
                        "backfill_levels",
                        3,
                        ctx -> count(ctx.mongoTemplate(), "backfill"),
                        ctx -> {})
                    .inBackground())
        .withBean(
            MigrationTenants.class, () -> listedUnlessDown(registryDown, () -> List.copyOf(listed)))
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              BackgroundMigrationsLifecycle lifecycle =
                  context.getBean(BackgroundMigrationsLifecycle.class);
              lifecycle.start();
              registryDown.set(true);
              lifecycle.onApplicationEvent(
                  new org.springframework.boot.context.event.ApplicationReadyEvent(
                      new org.springframework.boot.SpringApplication(),
                      new String[0],
                      context.getSourceApplicationContext(),
                      java.time.Duration.ZERO));
              try {
                com.lms.migrations.testing.Poll.until(
                    "the workers' warning",
                    java.time.Duration.ofSeconds(30),
                    () ->
                        output
                            .toString()
                            .contains(
                                "Background migrations: cannot list the tenants"
                                    + " (java.lang.IllegalStateException: tenant registry"
                                    + " unreachable)"));

                // The registry is back, with a tenant added since: both get their backfill.
                listed.add(schoolB);
                context.getBean(TenantMigrations.class).migrate(schoolB);
                registryDown.set(false);
                com.lms.migrations.testing.Poll.until(
                    "both tenants' background migration",
                    java.time.Duration.ofSeconds(30),
                    () ->
                        counts(schoolA).containsKey("backfill")
                            && counts(schoolB).containsKey("backfill"));
              } finally {
                lifecycle.stop();
              }
              assertThat(counts(schoolA)).containsEntry("backfill", 1);
              assertThat(counts(schoolB)).containsEntry("backfill", 1);
            });
  }

  @Test
  void inTheRefreshPhaseTenantsMigratedInParallelPublishEventsToListenerBeansWithoutDeadlock() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(60),
        () ->
            contextRunner
                .withPropertyValues(
                    "lms.migrations.tenants.databases=" + schoolA + "," + schoolB,
                    "lms.migrations.tenants.parallelism=2",
                    "lms.migrations.startup.phase=refresh")
                .withBean(
                    "completedListener",
                    org.springframework.context.ApplicationListener.class,
                    () ->
                        (org.springframework.context.ApplicationListener<
                                com.lms.migrations.events.MigrationCompletedEvent>)
                            event -> heard.add(event.getRunner().getDatabaseName()),
                    // Created on the first event, by a tenant's thread, while the main thread is
                    // still creating the startup runner's bean.
                    definition -> definition.setLazyInit(true))
                .run(
                    context -> {
                      assertThat(context).hasNotFailed();
                      assertThat(heard).hasSize(4);
                      assertThat(counts(schoolA)).hasSize(2);
                      assertThat(counts(schoolB)).hasSize(2);
                    }));
  }

  @Test
  void aBaselineVersionIsRefusedWithTenantsRatherThanRecordingNewTenantsAsMigrated() {
    contextRunner
        .withPropertyValues(
            "lms.migrations.tenants.databases=" + schoolA, "lms.migrations.baseline-version=2")
        .run(
            context -> {
              assertThat(context)
                  .getFailure()
                  .rootCause()
                  .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                  .hasMessageContaining(
                      "It cannot be combined with tenants: every tenant without history, a new one"
                          + " too, would be recorded as migrated without running anything.");
              assertThat(TestMongo.client().listDatabaseNames()).doesNotContain(schoolA);
            });
  }

  @Test
  void theTargetVersionAlsoBoundsATenantMigratedAtRunTime() {
    contextRunner
        .withPropertyValues(
            "lms.migrations.tenants.databases=" + schoolA, "lms.migrations.target-version=1")
        .run(
            context -> {
              assertThat(context.getBean(TenantMigrations.class).migrate(schoolB))
                  .extracting(MigrationStatus::name)
                  .containsExactly("create_courses");
              assertThat(counts(schoolB)).containsOnlyKeys("create_courses");
            });
  }

  @Test
  void aPatternMigratesTheExistingDatabasesItMatchesAndWarnsWhenItMatchesNone(
      CapturedOutput output) {
    TestMongo.client()
        .getDatabase(prefix + "school_1")
        .getCollection("marker")
        .insertOne(new Document());
    contextRunner
        .withPropertyValues("lms.migrations.tenants.pattern=" + prefix + "school_\\d+")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(counts(prefix + "school_1"))
                  .containsExactlyInAnyOrderEntriesOf(Map.of("create_courses", 1, "add_tags", 1));
            });
    contextRunner
        .withPropertyValues("lms.migrations.tenants.pattern=" + prefix + "nothing_.*")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(output)
                  .contains(
                      "No tenant database to migrate: the databases matching '"
                          + prefix
                          + "nothing_.*' list none");
            });
  }

  @Test
  void aMigrationTenantsBeanListsTheTenantsAndATenantAddedAtRunTimeIsMigratedBeforeUse(
      CapturedOutput output) {
    List<String> registry = new ArrayList<>(List.of(schoolA));
    contextRunner
        .withBean(MigrationTenants.class, () -> () -> List.copyOf(registry))
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolB)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(output)
                  .contains(
                      "lms.migrations.tenants.databases is ignored: the application defines a"
                          + " MigrationTenants bean");
              assertThat(counts(schoolA)).hasSize(2);
              assertThat(TestMongo.client().listDatabaseNames()).doesNotContain(schoolB);

              // A school signs up at run time.
              TenantMigrations tenants = context.getBean(TenantMigrations.class);
              assertThat(tenants.migrate(schoolB))
                  .extracting(MigrationStatus::name)
                  .containsExactly("create_courses", "add_tags");
              registry.add(schoolB);
              assertThat(tenants.tenants()).containsExactly(schoolA, schoolB);
              assertThat(counts(schoolB)).hasSize(2);
            });
  }

  @Test
  void metricsAreTaggedByTenantIncludingATenantAddedAtRunTime(CapturedOutput output) {
    contextRunner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolA)
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context.getBean(MigrationsMetrics.class).bindTo(registry);
              assertThat(
                      registry
                          .get(MigrationsMetrics.PENDING_GAUGE)
                          .tag("tenant", schoolA)
                          .gauge()
                          .value())
                  .isEqualTo(2.0);

              context.getBean(MigrationStartupRunner.class).run(null);
              context.getBean(TenantMigrations.class).migrate(schoolB);
              // A gauge that held its state weakly would read NaN once that state is collected.
              System.gc();

              assertThat(
                      registry
                          .get(MigrationsMetrics.PENDING_GAUGE)
                          .tag("tenant", schoolA)
                          .gauge()
                          .value())
                  .isZero();
              assertThat(
                      registry
                          .get(MigrationsMetrics.PENDING_GAUGE)
                          .tag("tenant", schoolB)
                          .gauge()
                          .value())
                  .isZero();
              assertThat(
                      registry
                          .get(MigrationsMetrics.EXECUTION_TIMER)
                          .tags("tenant", schoolB, "migration", "add_tags", "outcome", "success")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(output).doesNotContain("has been already registered");
              assertThat(registry.find(MigrationsMetrics.PENDING_GAUGE).tags(List.of()).gauges())
                  .allSatisfy(gauge -> assertThat(gauge.getId().getTag("tenant")).isNotNull());
            });
  }

  @Test
  void tenantsThatCannotBeListedWhenMetricsAreBoundDoNotStopTheApplication(CapturedOutput output) {
    AtomicBoolean registryDown = new AtomicBoolean(true);
    contextRunner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(
            MigrationTenants.class, () -> listedUnlessDown(registryDown, () -> List.of(schoolA)))
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context.getBean(MigrationsMetrics.class).bindTo(registry);
              assertThat(output)
                  .contains(
                      "Could not list the tenants for the lms.migrations.pending gauges"
                          + " (java.lang.IllegalStateException: tenant registry unreachable)");

              registryDown.set(false);
              context.getBean(TenantMigrations.class).migrate(schoolA);
              assertThat(
                      registry
                          .get(MigrationsMetrics.PENDING_GAUGE)
                          .tag("tenant", schoolA)
                          .gauge()
                          .value())
                  .isZero();
            });
  }

  @Test
  void eventsAboutATenantCarryThatTenantsRunner() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    contextRunner
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolA + "," + schoolB)
        .withBean(
            "completedListener",
            org.springframework.context.ApplicationListener.class,
            () ->
                (org.springframework.context.ApplicationListener<
                        com.lms.migrations.events.MigrationCompletedEvent>)
                    event ->
                        heard.add(
                            event.getRunner().getDatabaseName()
                                + ":"
                                + event.getExecution().name()))
        .withPropertyValues("lms.migrations.tenants.parallelism=1")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              assertThat(heard)
                  .containsExactly(
                      schoolA + ":create_courses",
                      schoolA + ":add_tags",
                      schoolB + ":create_courses",
                      schoolB + ":add_tags");
            });
  }

  @Test
  void observationsOfATenantsMigrationsAreTaggedWithTheTenant() {
    io.micrometer.observation.tck.TestObservationRegistry registry =
        io.micrometer.observation.tck.TestObservationRegistry.create();
    contextRunner
        .withConfiguration(AutoConfigurations.of(MigrationsObservationAutoConfiguration.class))
        .withBean(io.micrometer.observation.tck.TestObservationRegistry.class, () -> registry)
        .withPropertyValues("lms.migrations.tenants.databases=" + schoolB)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsWithNameEqualTo("lms.migrations.execution", 2)
                  .hasObservationWithNameEqualTo("lms.migrations.execution")
                  .that()
                  .hasLowCardinalityKeyValue("tenant", schoolB)
                  .hasBeenStopped();
            });
  }

  @Test
  void migrationsRunAgainstTheDatabaseNamedByTheProperty() {
    contextRunner
        .withPropertyValues("lms.migrations.database=" + prefix + "lms")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              assertThat(runner.getDatabaseName()).isEqualTo(prefix + "lms");
              assertThat(counts(prefix + "lms")).hasSize(2);
              assertThat(TestMongo.client().getDatabase(prefix + "lms").listCollectionNames())
                  .contains("lms_migrations", "lms_migrations_lock");
              assertThat(TestMongo.client().getDatabase(home).listCollectionNames()).isEmpty();
            });
  }

  @Test
  void migrationsRunThroughTheTemplateMarkedForThem() {
    contextRunner
        .withUserConfiguration(TwoTemplates.class)
        .withPropertyValues("lms.test.migrations-database=" + prefix + "admin_db")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(context.getBean(MigrationRunner.class).getDatabaseName())
                  .isEqualTo(prefix + "admin_db");
              assertThat(counts(prefix + "admin_db")).hasSize(2);
              assertThat(context.getBean(MongoTemplate.class).getDb().getName()).isEqualTo(home);
              assertThat(TestMongo.client().getDatabase(home).listCollectionNames()).isEmpty();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoTemplates {

    @Bean
    @Primary
    MongoTemplate mongoTemplate(org.springframework.core.env.Environment environment) {
      String uri = environment.getProperty("spring.mongodb.uri");
      return new MongoTemplate(
          TestMongo.client(), new com.mongodb.ConnectionString(uri).getDatabase());
    }

    @Bean
    @MigrationsMongoTemplate
    MongoTemplate migrationsTemplate(org.springframework.core.env.Environment environment) {
      return new MongoTemplate(
          TestMongo.client(), environment.getProperty("lms.test.migrations-database"));
    }
  }

  @Test
  void badTenantSettingsStopStartupNamingTheProperty() {
    assertStartupFails(
        "lms.migrations.tenants.databases=" + schoolA + ",school.b",
        "Property lms.migrations.tenants.databases with value 'school.b' is invalid:"
            + " 'school.b' is not a valid MongoDB database name: it contains '.'.");
    assertStartupFails(
        "lms.migrations.tenants.pattern=school_[",
        "Property lms.migrations.tenants.pattern with value 'school_[' is invalid: It is not a"
            + " regular expression: Unclosed character class at index 7.");
    assertStartupFails(
        "lms.migrations.tenants.parallelism=0",
        "Property lms.migrations.tenants.parallelism with value '0' is invalid: It must be 1 or"
            + " more.");
    assertStartupFails(
        "lms.migrations.database=my school",
        "Property lms.migrations.database with value 'my school' is invalid: 'my school' is not a"
            + " valid MongoDB database name: it contains ' '.");
    contextRunner
        .withPropertyValues(
            "lms.migrations.tenants.databases=" + schoolA, "lms.migrations.tenants.pattern=x.*")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "Set either lms.migrations.tenants.databases or"
                            + " lms.migrations.tenants.pattern, not both."));
  }

  private void assertStartupFails(String property, String message) {
    ApplicationContextRunner runner =
        property.startsWith("lms.migrations.tenants.parallelism")
            ? contextRunner.withPropertyValues(
                "lms.migrations.tenants.databases=" + schoolA, property)
            : contextRunner.withPropertyValues(property);
    runner.run(
        context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageStartingWith(message));
  }

  private static Migration addTags() {
    return TestMigration.of(
        "add_tags",
        2,
        ctx -> {
          if (schoolBFails.get() && ctx.mongoTemplate().getDb().getName().endsWith("_b")) {
            throw new IllegalStateException("school b has a course without a title");
          }
          count(ctx.mongoTemplate(), "add_tags");
        },
        ctx -> {});
  }

  private static Migration counting(String name, int version) {
    return TestMigration.of(name, version, ctx -> count(ctx.mongoTemplate(), name), ctx -> {});
  }

  private static List<MigrationState> states(MigrationRunner runner) {
    return runner.info().migrations().stream().map(MigrationStatus::status).toList();
  }

  /** A tenant registry that cannot be reached while {@code down} is set. */
  private static MigrationTenants listedUnlessDown(
      AtomicBoolean down, Supplier<List<String>> listed) {
    return () -> {
      if (down.get()) {
        throw new IllegalStateException("tenant registry unreachable");
      }
      return listed.get();
    };
  }
}
