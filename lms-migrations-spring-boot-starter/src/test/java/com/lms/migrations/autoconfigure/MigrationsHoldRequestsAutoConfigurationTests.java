package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.web.HoldRequestsWebFilter;
import com.lms.migrations.web.MigrationsInProgress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

@ExtendWith(MongoDatabaseExtension.class)
class MigrationsHoldRequestsAutoConfigurationTests {

  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          MongoAutoConfiguration.class,
          DataMongoAutoConfiguration.class,
          MigrationsAutoConfiguration.class,
          MigrationsHoldRequestsAutoConfiguration.class);

  private String uri;

  @BeforeEach
  void setUp(TestDatabase db) {
    uri = "spring.mongodb.uri=" + db.uri();
  }

  @Test
  void holdsRequestsInAServletApplication() {
    new WebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(uri)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MigrationsInProgress.class);
              assertThat(context).hasBean("migrationsHoldRequestsFilter");
              assertThat(context.getBean("migrationsHoldRequestsFilter"))
                  .isInstanceOf(FilterRegistrationBean.class);
              assertThat(context.getBean(MigrationsInProgress.class).isHolding())
                  .as("the startup run has not run yet")
                  .isTrue();
            });
  }

  @Test
  void holdsRequestsInAReactiveApplication() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(uri)
        .run(context -> assertThat(context).hasSingleBean(HoldRequestsWebFilter.class));
  }

  @Test
  void backsOffWhenTurnedOff() {
    new WebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(uri, "lms.migrations.startup.hold-requests=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(MigrationsInProgress.class);
              assertThat(context).doesNotHaveBean("migrationsHoldRequestsFilter");
            });
  }

  @Test
  void backsOffWhenNothingRunsAtStartup() {
    new WebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(uri, "lms.migrations.run-on-startup=false")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsInProgress.class));
  }

  @Test
  void backsOffOutsideAWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues(uri)
        .run(context -> assertThat(context).doesNotHaveBean(MigrationsInProgress.class));
  }

  @Test
  void opensTheActuatorWhereItIsServed() {
    org.springframework.mock.env.MockEnvironment environment =
        new org.springframework.mock.env.MockEnvironment()
            .withProperty("management.endpoints.web.base-path", "manage/")
            .withProperty("management.endpoints.web.path-mapping.health", "hc");

    assertThat(MigrationsHoldRequestsAutoConfiguration.openPaths(environment, "/api/"))
        .containsExactly(
            "/api/manage/hc",
            "/api/manage/hc/**",
            "/api/manage/migrations",
            "/api/manage/migrations/**",
            "/livez",
            "/api/livez",
            "/readyz",
            "/api/readyz");
  }

  @Test
  void aRootBasePathOpensTheEndpointsAtTheRoot() {
    org.springframework.mock.env.MockEnvironment environment =
        new org.springframework.mock.env.MockEnvironment()
            .withProperty("management.endpoints.web.base-path", "/");

    assertThat(MigrationsHoldRequestsAutoConfiguration.openPaths(environment, ""))
        .startsWith("/health", "/health/**", "/migrations", "/migrations/**");
  }
}
