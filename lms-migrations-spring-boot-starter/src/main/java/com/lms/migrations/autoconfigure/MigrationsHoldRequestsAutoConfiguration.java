package com.lms.migrations.autoconfigure;

import com.lms.migrations.web.HoldRequestsFilter;
import com.lms.migrations.web.HoldRequestsWebFilter;
import com.lms.migrations.web.MigrationsInProgress;
import java.util.List;
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

  /** Listens to the runner for the current migration; holds until startup has finished. */
  @Bean
  @ConditionalOnMissingBean
  MigrationsInProgress migrationsInProgress(ObjectProvider<MigrationStartupRunner> startup) {
    return new MigrationsInProgress(() -> !startup.getObject().isFinished());
  }

  /**
   * The paths answered as usual while requests are held: the health endpoint (and the Kubernetes
   * probes' extra paths) and the migrations endpoint.
   */
  static List<String> openPaths(Environment environment) {
    String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
    String prefix = base.equals("/") ? "" : base;
    return List.of(
        prefix + "/health",
        prefix + "/health/**",
        prefix + "/migrations",
        prefix + "/migrations/**",
        "/livez",
        "/readyz");
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
          new FilterRegistrationBean<>(new HoldRequestsFilter(progress, openPaths(environment)));
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
      return new HoldRequestsWebFilter(progress, openPaths(environment));
    }
  }
}
