package com.lms.migrations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.autoconfigure.BackgroundMigrationsMetricsAutoConfiguration;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.autoconfigure.MigrationsMetricsAutoConfiguration;
import com.lms.migrations.testing.Backfill;
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

@ExtendWith(MongoDatabaseExtension.class)
class BackgroundMigrationsMetricsAutoConfigurationTests {

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
                    MigrationsMetricsAutoConfiguration.class,
                    BackgroundMigrationsMetricsAutoConfiguration.class))
            .withPropertyValues(
                "spring.mongodb.uri=" + db.uri(),
                "lms.migrations.run-on-startup=false",
                "lms.migrations.background.enabled=false");
  }

  @Test
  void addsGaugesForEachBackgroundMigrationBean() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    contextRunner
        .withBean(
            "backfillLevel",
            com.lms.migrations.Migration.class,
            () -> Backfill.migration("backfill_level", 1, item -> {}))
        .run(
            context -> {
              context.getBean(BackgroundMigrationsMetrics.class).bindTo(registry);

              assertThat(
                      registry
                          .get(BackgroundMigrationsMetrics.STATE_GAUGE)
                          .tag("migration", "backfill_level")
                          .tag("state", "queued")
                          .gauge()
                          .value())
                  .isEqualTo(1.0);
            });
  }

  @Test
  void backsOffWithoutMicrometer() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MigrationRunner.class)
                    .doesNotHaveBean(BackgroundMigrationsMetrics.class));
  }

  @Test
  void backsOffWhenMigrationsAreDisabled() {
    contextRunner
        .withPropertyValues("lms.migrations.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(BackgroundMigrationsMetrics.class));
  }

  @Test
  void userDefinedMetricsWin() {
    contextRunner
        .withBean(
            "myBackgroundMetrics",
            BackgroundMigrationsMetrics.class,
            () -> new BackgroundMigrationsMetrics(new MigrationRunner(db.template())))
        .run(
            context ->
                assertThat(context)
                    .getBean(BackgroundMigrationsMetrics.class)
                    .isSameAs(context.getBean("myBackgroundMetrics")));
  }
}
