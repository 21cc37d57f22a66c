package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.metrics.MigrationsMetrics;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Runs the whole chain from Boot's Mongo auto-configuration on, so that these tests hold however
 * the runner and its listeners are wired.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationsMetricsAutoConfigurationTests {

  private ApplicationContextRunner contextRunner;
  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.contextRunner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class,
                    MigrationsAutoConfiguration.class,
                    MigrationsMetricsAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri());
  }

  @Test
  void addsMetricsWhenMicrometerIsOnTheClassPath() {
    contextRunner
        .withBean(SimpleMeterRegistry.class)
        .run(context -> assertThat(context).hasSingleBean(MigrationsMetrics.class));
  }

  @Test
  void backsOffWithoutMicrometer() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MigrationRunner.class)
                    .doesNotHaveBean(MigrationsMetrics.class));
  }

  @Test
  void backsOffWhenMigrationsAreDisabled() {
    contextRunner
        .withPropertyValues("lms.migrations.enabled=false")
        .run(
            context -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsMetrics.class));
  }

  @Test
  void userDefinedMetricsWin() {
    contextRunner
        .withBean(
            "myMetrics",
            MigrationsMetrics.class,
            () -> new MigrationsMetrics(new MigrationRunner(db.template())))
        .run(
            context ->
                assertThat(context)
                    .getBean(MigrationsMetrics.class)
                    .isSameAs(context.getBean("myMetrics")));
  }

  @Test
  void userDefinedMetricsAreAttachedToTheRunnerAndTimeTheStartupRun() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            "myMetrics",
            MigrationsMetrics.class,
            () ->
                new MigrationsMetrics(
                    () -> {
                      throw new IllegalStateException("unused");
                    }))
        .run(
            context -> {
              context.getBean(MigrationsMetrics.class).bindTo(registry);
              context.getBean(MigrationStartupRunner.class).run(null);

              assertThat(
                      registry
                          .get(MigrationsMetrics.EXECUTION_TIMER)
                          .tag("migration", "add_tags")
                          .tag("outcome", "success")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void thePendingGaugeReadsTheDatabaseOnEachScrape() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues("lms.migrations.run-on-startup=false")
        .run(
            context -> {
              context.getBean(MigrationsMetrics.class).bindTo(registry);
              assertThat(registry.get(MigrationsMetrics.PENDING_GAUGE).gauge().value())
                  .isEqualTo(1.0);

              context.getBean(MigrationRunner.class).upAll();

              assertThat(registry.get(MigrationsMetrics.PENDING_GAUGE).gauge().value()).isZero();
            });
  }
}
