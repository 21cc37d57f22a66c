package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.actuate.health.MigrationsHealthIndicator;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** Adds the {@code migrations} health indicator when Spring Boot's health support is present. */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(MigrationRunner.class)
@ConditionalOnEnabledHealthIndicator("migrations")
public final class MigrationsHealthContributorAutoConfiguration {

  /** Created by Spring Boot's auto-configuration. */
  public MigrationsHealthContributorAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "migrationsHealthIndicator")
  MigrationsHealthIndicator migrationsHealthIndicator(
      MigrationRunner runner,
      ObjectProvider<MigrationStartupRunner> startupRunner,
      ObjectProvider<TenantMigrations> tenants,
      ObjectProvider<TenantInfoSnapshots> snapshots) {
    Supplier<Optional<String>> startupError =
        () -> {
          MigrationStartupRunner startup = startupRunner.getIfAvailable();
          return startup == null
              ? Optional.empty()
              : startup.getFailure().map(FailureAdvice::describe);
        };
    TenantInfoSnapshots shared = snapshots.getIfAvailable();
    return shared != null
        ? new MigrationsHealthIndicator(runner, startupError, shared)
        : new MigrationsHealthIndicator(runner, startupError, tenants.getIfAvailable());
  }
}
