package com.lms.migrations.cli;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.autoconfigure.MigrationStartupStrategy;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.autoconfigure.MigrationsMongoClient;
import com.lms.migrations.autoconfigure.MigrationsProperties;
import com.lms.migrations.tenant.TenantMigrations;
import com.mongodb.client.MongoClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The command-line mode, active when {@code lms.migrations.command} is set: runs that one command
 * through the auto-configured runner (with tenants, on one tenant or on every tenant) and exits.
 * Startup migrations do not run in this mode.
 */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnBean({MigrationRunner.class, MigrationStartupStrategy.class})
@Conditional(OnMigrationCommand.class)
@EnableConfigurationProperties(MigrationCommandProperties.class)
public final class MigrationCommandAutoConfiguration {

  /** Created by Spring Boot's auto-configuration. */
  public MigrationCommandAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  MigrationCommandExit migrationCommandExit(ApplicationContext context) {
    return code -> System.exit(SpringApplication.exit(context, () -> code));
  }

  @Bean
  @ConditionalOnMissingBean
  MigrationCommandRunner migrationCommandRunner(
      MigrationRunner runner,
      MigrationCommandProperties properties,
      ObjectProvider<MongoTemplate> mongoTemplate,
      ObjectProvider<MongoClient> mongoClient,
      ObjectProvider<MigrationsMongoClient> ownClient,
      MigrationCommandExit exit,
      MigrationStartupStrategy startupStrategy,
      MigrationsProperties settings,
      ObjectProvider<TenantMigrations> tenants) {
    MigrationsMongoClient own = ownClient.getIfAvailable();
    return new MigrationCommandRunner(
        runner,
        properties,
        MigrationsMongoClient.templateOf(mongoTemplate, ownClient),
        database ->
            own != null
                ? own.template(database)
                : new MongoTemplate(mongoClient.getObject(), database),
        exit,
        startupStrategy,
        MigrationsAutoConfiguration.importSource(settings),
        settings.isDryRun(),
        tenants.getIfAvailable());
  }
}
