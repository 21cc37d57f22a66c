package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.observation.MigrationObservationConvention;
import com.lms.migrations.observation.MigrationObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Makes each migration run a Micrometer observation when the application has an {@link
 * ObservationRegistry} (Spring Boot defines one with the actuator). The observations are a listener
 * bean, which the auto-configured runner collects; the startup run's parent observation is added by
 * {@link MigrationsAutoConfiguration}.
 */
@AutoConfiguration(
    after = MigrationsAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({MigrationRunner.class, ObservationRegistry.class})
public final class MigrationsObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MigrationObservations migrationObservations(
      ObservationRegistry registry, ObjectProvider<MigrationObservationConvention> convention) {
    return new MigrationObservations(registry, convention.getIfAvailable());
  }
}
