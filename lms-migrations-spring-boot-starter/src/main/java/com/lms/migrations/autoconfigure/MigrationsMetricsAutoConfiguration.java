package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.metrics.MigrationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Adds Micrometer metrics of migration runs when Micrometer is on the class path. */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MigrationRunner.class)
public final class MigrationsMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MigrationMetrics migrationMetrics(MigrationRunner runner) {
    MigrationMetrics metrics = new MigrationMetrics(runner);
    runner.addListener(metrics.listener());
    return metrics;
  }
}
