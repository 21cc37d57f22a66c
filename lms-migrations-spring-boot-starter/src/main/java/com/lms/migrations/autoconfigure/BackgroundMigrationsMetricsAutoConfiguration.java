package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.metrics.BackgroundMigrationsMetrics;
import com.lms.migrations.tenant.TenantMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds the gauges of background migrations ({@link BackgroundMigrationsMetrics}) when Micrometer is
 * on the class path; Spring Boot binds them to every registry.
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MigrationRunner.class)
public final class BackgroundMigrationsMetricsAutoConfiguration {

  /**
   * The gauges of the runner's background migrations. Not with tenants: the runner's own database
   * is then not migrated, so its gauges would never move.
   */
  @Bean
  @ConditionalOnMissingBean({BackgroundMigrationsMetrics.class, TenantMigrations.class})
  BackgroundMigrationsMetrics backgroundMigrationsMetrics(MigrationRunner runner) {
    return new BackgroundMigrationsMetrics(runner);
  }
}
