package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MongoTemplates;
import com.lms.migrations.cli.MigrationCommandExit;
import com.lms.migrations.cli.MigrationCommandProperties;
import com.lms.migrations.cli.MigrationCommandRunner;
import com.lms.migrations.connection.MigrationsMongoClient;
import com.lms.migrations.connection.MigrationsMongoTemplate;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.lms.migrations.tenant.TenantMigrations;
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
      @MigrationsMongoTemplate ObjectProvider<MongoTemplate> migrationsTemplate,
      ObjectProvider<MongoTemplate> applicationTemplate,
      ObjectProvider<MigrationsMongoClient> ownClient,
      MigrationCommandExit exit,
      MigrationStartupStrategy startupStrategy,
      MigrationsProperties settings,
      ObjectProvider<TenantMigrations> tenants) {
    // The connection the migrations use, as the runner and the tenants get it: verify copies from
    // the database they run against and checks in a scratch database of that server.
    MongoTemplate connection =
        MigrationsAutoConfiguration.migrationsTemplate(
            migrationsTemplate, applicationTemplate, ownClient);
    return new MigrationCommandRunner(
        runner,
        properties,
        MongoTemplates.forDatabase(connection, runner.getDatabaseName()),
        database -> MongoTemplates.forDatabase(connection, database),
        exit,
        startupStrategy,
        MigrationsAutoConfiguration.importSource(settings),
        settings.isDryRun(),
        tenants.getIfAvailable());
  }
}
