package com.lms.migrations.autoconfigure;

import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.web.HoldRequestsFilter;
import com.lms.migrations.web.HoldRequestsWebFilter;
import com.lms.migrations.web.MigrationsInProgress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;

/**
 * Holds web requests with {@code 503 Service Unavailable} while the startup migrations run, so that
 * nothing is served from the old schema; the health and migrations endpoints stay open. Off with
 * {@code lms.migrations.startup.hold-requests=false}.
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnBean(MigrationStartupRunner.class)
@ConditionalOnBooleanProperty(name = "lms.migrations.startup.hold-requests", matchIfMissing = true)
public final class MigrationsHoldRequestsAutoConfiguration {

  /** Created by Spring Boot's auto-configuration. */
  public MigrationsHoldRequestsAutoConfiguration() {}

  /** Listens to the runner for the current migration; holds until startup has finished. */
  @Bean
  @ConditionalOnMissingBean
  MigrationsInProgress migrationsInProgress(ObjectProvider<MigrationStartupRunner> startup) {
    return new MigrationsInProgress(() -> !startup.getObject().isFinished());
  }

  /**
   * The paths answered as usual while requests are held: the health endpoint (with its groups, and
   * the Kubernetes probes' extra paths) and the migrations endpoint, where the actuator serves
   * them: under the servlet path (servlet applications), the management base path and the
   * endpoints' path mappings.
   */
  static List<String> openPaths(Environment environment, String servletPath) {
    String servlet = normalize(servletPath);
    String prefix =
        servlet
            + normalize(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
    String health =
        normalize(
            environment.getProperty("management.endpoints.web.path-mapping.health", "health"));
    String migrations =
        normalize(
            environment.getProperty(
                "management.endpoints.web.path-mapping.migrations", "migrations"));
    List<String> open = new ArrayList<>();
    for (String endpoint : List.of(health, migrations)) {
      open.add(prefix + endpoint);
      open.add(prefix + endpoint + "/**");
    }
    for (String probe : List.of("/livez", "/readyz")) {
      open.add(probe);
      open.add(servlet + probe);
    }
    return List.copyOf(open);
  }

  /**
   * {@code manage}, {@code /manage/} and {@code /manage} become {@code /manage}; {@code /} none.
   */
  private static String normalize(@Nullable String path) {
    if (path == null) {
      return "";
    }
    String trimmed = path.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return "";
    }
    return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({HoldRequestsFilter.class, FilterRegistrationBean.class})
  static class ServletConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "migrationsHoldRequestsFilter")
    FilterRegistrationBean<HoldRequestsFilter> migrationsHoldRequestsFilter(
        MigrationsInProgress progress, Environment environment) {
      FilterRegistrationBean<HoldRequestsFilter> registration =
          new FilterRegistrationBean<>(
              new HoldRequestsFilter(
                  progress,
                  openPaths(environment, environment.getProperty("spring.mvc.servlet.path", ""))));
      // Before security and everything else: nothing is decided on the old schema.
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(WebFilter.class)
  static class ReactiveConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HoldRequestsWebFilter migrationsHoldRequestsWebFilter(
        MigrationsInProgress progress, Environment environment) {
      // A reactive application's base path is outside the path within the application.
      return new HoldRequestsWebFilter(progress, openPaths(environment, ""));
    }
  }
}
