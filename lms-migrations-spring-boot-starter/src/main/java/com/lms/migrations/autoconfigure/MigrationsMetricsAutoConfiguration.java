package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.metrics.MigrationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds Micrometer metrics of migration runs when Micrometer is on the class path. The metrics are a
 * listener bean, which the auto-configured runner collects; a user-defined {@link MigrationMetrics}
 * bean is collected the same way.
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MigrationRunner.class)
public final class MigrationsMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MigrationMetrics migrationMetrics(ObjectProvider<MigrationRunner> runner) {
    return new MigrationMetrics(() -> runner.getObject().info());
  }
}
