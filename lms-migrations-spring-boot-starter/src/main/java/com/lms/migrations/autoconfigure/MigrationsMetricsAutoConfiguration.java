package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.metrics.MigrationsMetrics;
import com.lms.migrations.observation.MigrationObservations;
import com.lms.migrations.tenant.TenantMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds Micrometer metrics of migration runs when Micrometer is on the class path. The metrics are a
 * listener bean, which the auto-configured runner collects; a user-defined {@link
 * MigrationsMetrics} bean is collected the same way.
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MigrationRunner.class)
public final class MigrationsMetricsAutoConfiguration {

  /** Created by Spring Boot's auto-configuration. */
  public MigrationsMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  MigrationsMetrics migrationsMetrics(
      ObjectProvider<MigrationRunner> runner,
      ObjectProvider<MigrationObservations> observations,
      ObjectProvider<MeterObservationHandler<?>> meterObservationHandlers,
      ObjectProvider<TenantMigrations> tenants) {
    // Observations that become meters time each run already, under the same name and tags.
    MigrationObservations observing = observations.getIfAvailable();
    boolean observed =
        observing != null
            && observing.isObserving()
            && meterObservationHandlers.stream().findAny().isPresent();
    return new MigrationsMetrics(
        () -> runner.getObject().info(), !observed, tenants::getIfAvailable);
  }
}
