package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.metrics.MigrationsMetrics;
import com.lms.migrations.observation.DefaultMigrationObservationConvention;
import com.lms.migrations.observation.MigrationObservationConvention;
import com.lms.migrations.observation.MigrationObservations;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each migration run is an observation under the startup run's: names, tags, parent and child, and
 * the timer the observations make under Spring Boot's metrics.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationsObservationAutoConfigurationTests {

  private static final Predicate<Observation.ContextView> STARTUP_PARENT =
      parent -> "lms.migrations.startup".equals(parent.getName());

  private static final Predicate<Observation.ContextView> MIGRATION_PARENT =
      parent -> "lms.migrations.execution".equals(parent.getName());

  private ApplicationContextRunner contextRunner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.contextRunner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class,
                    MigrationsAutoConfiguration.class,
                    MigrationsObservationAutoConfiguration.class,
                    MigrationsMetricsAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri());
  }

  @Test
  void eachMigrationRunIsAChildOfTheStartupRun() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner
        .withBean(TestObservationRegistry.class, () -> registry)
        .withBean(AddTagsMigration.class)
        .withBean("later", Migration.class, () -> TestMigration.recording("later", 5))
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsWithNameEqualTo("lms.migrations.startup", 1)
                  .hasNumberOfObservationsWithNameEqualTo("lms.migrations.execution", 2)
                  .forAllObservationsWithNameEqualTo(
                      "lms.migrations.execution",
                      observation ->
                          observation
                              .hasLowCardinalityKeyValue("direction", "up")
                              .hasLowCardinalityKeyValue("outcome", "success")
                              .hasParentObservationContextMatching(STARTUP_PARENT))
                  .hasObservationWithNameEqualTo("lms.migrations.startup")
                  .that()
                  .hasContextualNameEqualTo("lms-migrations startup")
                  .hasLowCardinalityKeyValue("outcome", "success")
                  .doesNotHaveParentObservation()
                  .hasBeenStopped();
              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("lms.migrations.execution")
                  .that()
                  .hasContextualNameEqualTo("migration add_tags up")
                  .hasLowCardinalityKeyValue("migration", "add_tags")
                  .hasHighCardinalityKeyValue("version", "1")
                  .hasBeenStopped();
            });
  }

  @Test
  void whatAMigrationObservesNestsUnderIt() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner
        .withBean(TestObservationRegistry.class, () -> registry)
        .withBean(
            "observing",
            Migration.class,
            () ->
                TestMigration.of(
                    "observing",
                    1,
                    ctx -> Observation.createNotStarted("inside", registry).observe(() -> {}),
                    ctx -> {}))
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("inside")
                  .that()
                  .hasParentObservationContextMatching(
                      MIGRATION_PARENT, "the migration's observation");
            });
  }

  @Test
  void aFailedMigrationIsObservedWithItsErrorAndFailsTheStartupRun() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner
        .withBean(TestObservationRegistry.class, () -> registry)
        .withBean(BrokenMigration.class)
        .run(
            context -> {
              assertThatThrownBy(() -> context.getBean(MigrationStartupRunner.class).run(null))
                  .isInstanceOf(MigrationFailedException.class);

              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("lms.migrations.execution")
                  .that()
                  .hasLowCardinalityKeyValue("migration", "broken_backfill")
                  .hasLowCardinalityKeyValue("outcome", "failure")
                  .assertThatError()
                  .hasMessage("course 42 has no department");
              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("lms.migrations.startup")
                  .that()
                  .hasLowCardinalityKeyValue("outcome", "failure")
                  .assertThatError()
                  .isInstanceOf(MigrationFailedException.class);
            });
  }

  @Test
  void aRollbackOutsideStartupIsObservedOnItsOwnWithDirectionDown() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner
        .withBean(TestObservationRegistry.class, () -> registry)
        .withBean(AddTagsMigration.class)
        .withPropertyValues("lms.migrations.run-on-startup=false")
        .run(
            context -> {
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              runner.up("add_tags");
              registry.clear();

              runner.down("add_tags");

              TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsWithNameEqualTo("lms.migrations.startup", 0)
                  .hasObservationWithNameEqualTo("lms.migrations.execution")
                  .that()
                  .hasLowCardinalityKeyValue("direction", "down")
                  .hasLowCardinalityKeyValue("outcome", "success")
                  .doesNotHaveParentObservation();
            });
  }

  @Test
  void aConventionBeanNamesAndTagsTheObservations() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    contextRunner
        .withBean(TestObservationRegistry.class, () -> registry)
        .withBean(AddTagsMigration.class)
        .withBean(
            MigrationObservationConvention.class,
            () ->
                new DefaultMigrationObservationConvention() {
                  @Override
                  public String getName() {
                    return "schema.change";
                  }
                })
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsWithNameEqualTo("lms.migrations.execution", 0)
                  .hasObservationWithNameEqualTo("schema.change")
                  .that()
                  .hasLowCardinalityKeyValue("migration", "add_tags");
            });
  }

  @Test
  void backsOffWithoutAnObservationRegistry() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MigrationRunner.class)
                    .doesNotHaveBean(MigrationObservations.class));
  }

  @Test
  void withBootsObservationsAndMetricsTheTimerKeepsItsNameAndTagsAndIsPublishedOnce() {
    contextRunner
        .withConfiguration(
            AutoConfigurations.of(
                ObservationAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class))
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MigrationObservations.class);
              MeterRegistry meters = context.getBean(MeterRegistry.class);

              context.getBean(MigrationStartupRunner.class).run(null);

              Timer timer =
                  meters
                      .get(MigrationsMetrics.EXECUTION_TIMER)
                      .tag("migration", "add_tags")
                      .tag("direction", "up")
                      .tag("outcome", "success")
                      .timer();
              assertThat(timer.count()).isEqualTo(1);
              assertThat(meters.find(MigrationsMetrics.EXECUTION_TIMER).timers()).hasSize(1);
              assertThat(timer.getId().getTag("error")).isEqualTo("none");
              assertThat(
                      meters
                          .get("lms.migrations.startup")
                          .tag("outcome", "success")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(meters.get(MigrationsMetrics.PENDING_GAUGE).gauge().value()).isZero();
            });
  }

  @Test
  void withTheObservationTurnedOffTheMetricsTimeEachRunThemselves() {
    contextRunner
        .withConfiguration(
            AutoConfigurations.of(
                ObservationAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class))
        .withPropertyValues("management.observations.enable.lms.migrations=false")
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              MeterRegistry meters = context.getBean(MeterRegistry.class);

              context.getBean(MigrationStartupRunner.class).run(null);

              Timer timer =
                  meters
                      .get(MigrationsMetrics.EXECUTION_TIMER)
                      .tag("migration", "add_tags")
                      .tag("direction", "up")
                      .tag("outcome", "success")
                      .timer();
              assertThat(timer.count()).isEqualTo(1);
              assertThat(timer.getId().getTag("error")).isNull();
              assertThat(meters.find("lms.migrations.startup").timer()).isNull();
            });
  }

  @Test
  void withoutObservationsTheMetricsTimeEachRunThemselves() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    contextRunner
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              context.getBean(MigrationsMetrics.class).bindTo(meters);

              context.getBean(MigrationStartupRunner.class).run(null);

              Timer timer =
                  meters
                      .get(MigrationsMetrics.EXECUTION_TIMER)
                      .tag("migration", "add_tags")
                      .tag("direction", "up")
                      .tag("outcome", "success")
                      .timer();
              assertThat(timer.count()).isEqualTo(1);
              assertThat(timer.getId().getTag("error")).isNull();
            });
  }
}
