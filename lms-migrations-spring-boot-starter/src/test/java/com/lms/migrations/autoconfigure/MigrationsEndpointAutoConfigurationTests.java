package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.actuate.endpoint.MigrationsEndpoint;
import com.lms.migrations.testing.TestMongo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

class MigrationsEndpointAutoConfigurationTests {

  private static final String EXPOSED = "management.endpoints.web.exposure.include=migrations";

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MigrationsEndpointAutoConfiguration.class))
          .withBean(MigrationRunner.class, MigrationsEndpointAutoConfigurationTests::runner);

  @Test
  void addsTheEndpointWhenItIsExposed() {
    contextRunner
        .withPropertyValues(EXPOSED)
        .run(context -> assertThat(context).hasSingleBean(MigrationsEndpoint.class));
  }

  @Test
  void backsOffWhenTheEndpointIsNotExposed() {
    contextRunner.run(context -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
  }

  @Test
  void backsOffWhenAccessToTheEndpointIsNone() {
    // Upper case: a bare context runner lacks the application's lenient enum conversion.
    contextRunner
        .withPropertyValues(EXPOSED, "management.endpoint.migrations.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
  }

  @Test
  void backsOffWithoutTheActuator() {
    contextRunner
        .withPropertyValues(EXPOSED)
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
  }

  @Test
  void backsOffWithoutAMigrationRunner() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MigrationsEndpointAutoConfiguration.class))
        .withPropertyValues(EXPOSED)
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsEndpoint.class));
  }

  @Test
  void userDefinedEndpointWins() {
    contextRunner
        .withPropertyValues(EXPOSED)
        .withBean(
            "myEndpoint", MigrationsEndpoint.class, () -> new MigrationsEndpoint(runner(), null))
        .run(
            context ->
                assertThat(context)
                    .getBean(MigrationsEndpoint.class)
                    .isSameAs(context.getBean("myEndpoint")));
  }

  /** A runner on the test server; these contexts never touch its database. */
  private static MigrationRunner runner() {
    return new MigrationRunner(
        new MongoTemplate(TestMongo.client(), TestMongo.newDatabaseName("endpoint_unused")));
  }
}
