package com.lms.migrations.autoconfigure;

import com.lms.migrations.diagnostics.BackOffReporter;
import com.lms.migrations.diagnostics.UnknownPropertyReporter;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What the starter says at startup about its own configuration, whether or not it is enabled: why
 * it does nothing when it backs off (once, at INFO), and which {@code lms.migrations.*} properties
 * it does not know (at WARN, with the closest one that exists).
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
public final class MigrationsDiagnosticsAutoConfiguration {

  @Bean
  BackOffReporter migrationsBackOffReporter(
      ConfigurableListableBeanFactory beanFactory, Environment environment) {
    return new BackOffReporter(beanFactory, environment);
  }

  @Bean
  UnknownPropertyReporter migrationsUnknownPropertyReporter(
      Environment environment, ConfigurableListableBeanFactory beanFactory) {
    ClassLoader classLoader = beanFactory.getBeanClassLoader();
    return new UnknownPropertyReporter(
        environment,
        classLoader != null
            ? classLoader
            : MigrationsDiagnosticsAutoConfiguration.class.getClassLoader());
  }
}
