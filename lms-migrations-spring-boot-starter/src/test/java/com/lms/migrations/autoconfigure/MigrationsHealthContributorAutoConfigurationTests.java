package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.actuate.health.MigrationsHealthIndicator;
import com.lms.migrations.testing.TestMongo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

class MigrationsHealthContributorAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(MigrationsHealthContributorAutoConfiguration.class))
          .withBean(
              MigrationRunner.class, MigrationsHealthContributorAutoConfigurationTests::runner);

  @Test
  void addsTheHealthIndicatorByDefault() {
    contextRunner.run(
        context ->
            assertThat(context)
                .hasSingleBean(MigrationsHealthIndicator.class)
                .hasBean("migrationsHealthIndicator"));
  }

  @Test
  void backsOffWhenTheMigrationsHealthIndicatorIsDisabled() {
    contextRunner
        .withPropertyValues("management.health.migrations.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
  }

  @Test
  void backsOffWhenHealthIndicatorsAreDisabledByDefault() {
    contextRunner
        .withPropertyValues("management.health.defaults.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
  }

  @Test
  void backsOffWithoutSpringBootHealth() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
  }

  @Test
  void backsOffWithoutAMigrationRunner() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(MigrationsHealthContributorAutoConfiguration.class))
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(MigrationsHealthIndicator.class));
  }

  @Test
  void userDefinedIndicatorNamedMigrationsHealthIndicatorWins() {
    contextRunner
        .withBean(
            "migrationsHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(MigrationsHealthIndicator.class)
                    .hasSingleBean(HealthIndicator.class));
  }

  /** A runner on the test server; these contexts never run a health check against it. */
  private static MigrationRunner runner() {
    return new MigrationRunner(
        new MongoTemplate(TestMongo.client(), TestMongo.newDatabaseName("health_unused")));
  }
}
