package com.lms.migrations.autoconfigure;

import com.lms.migrations.DuplicateMigrationException;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.cli.MigrationCommandExit;
import com.lms.migrations.cli.MigrationCommandRunner;
import com.lms.migrations.events.MigrationEventPublisher;
import com.mongodb.client.MongoClient;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Auto-configuration of lms-migrations: a {@link MigrationRunner} with every {@link Migration} bean
 * registered, applied at startup by {@link MigrationStartupRunner}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
      "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"
    })
@ConditionalOnClass({MongoTemplate.class, MigrationRunner.class})
@ConditionalOnBean(MongoTemplate.class)
@ConditionalOnBooleanProperty(name = "lms.migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationsProperties.class)
@Import(MigrationScanRegistrar.class)
public final class MigrationsAutoConfiguration {

  /**
   * The runner, built once from the properties, every {@link Migration} and {@link
   * MigrationListener} bean, then every {@link MigrationRunnerCustomizer}.
   */
  @Bean
  @ConditionalOnMissingBean
  MigrationRunner migrationRunner(
      MongoTemplate mongoTemplate,
      MigrationsProperties properties,
      ObjectProvider<Migration> migrations,
      ObjectProvider<MigrationListener> listeners,
      ObjectProvider<MigrationRunnerCustomizer> customizers) {
    MigrationSettings settings = properties.toSettings();
    List<Migration> beans = migrations.orderedStream().toList();
    MigrationRunner.Builder builder =
        MigrationRunner.builder(mongoTemplate)
            .settings(settings)
            .validationPolicy(properties.toValidationPolicy())
            .migrations(beans);
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    try {
      return builder.build();
    } catch (DuplicateMigrationException e) {
      throw DuplicateMigrationStartupException.explain(e, settings, mongoTemplate, beans);
    }
  }

  /** Publishes what the runner does as application events; a listener the runner collects. */
  @Bean
  @ConditionalOnMissingBean
  MigrationEventPublisher migrationEventPublisher(
      ObjectProvider<MigrationRunner> runner, ApplicationEventPublisher applicationEventPublisher) {
    return new MigrationEventPublisher(runner::getObject, applicationEventPublisher);
  }

  @Bean
  @ConditionalOnMissingBean
  MigrationStartupStrategy migrationStartupStrategy(MigrationsProperties properties) {
    Integer target = properties.validatedTargetVersion();
    return new DefaultMigrationStartupStrategy(
        target, properties.getBaselineVersion(), properties.isDryRun());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "lms.migrations.run-on-startup", matchIfMissing = true)
  @Conditional(OnNoMigrationCommand.class)
  MigrationStartupRunner migrationStartupRunner(
      MigrationRunner runner, MigrationStartupStrategy strategy, MigrationsProperties properties) {
    return new MigrationStartupRunner(
        runner, strategy, properties.isFailOnError(), properties.validatedTargetVersion());
  }

  /** The command-line mode, active when {@code lms.migrations.command} is set. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnMigrationCommand.class)
  static class CommandLineConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MigrationCommandExit migrationCommandExit(ApplicationContext context) {
      return code -> System.exit(SpringApplication.exit(context, () -> code));
    }

    @Bean
    @ConditionalOnMissingBean
    MigrationCommandRunner migrationCommandRunner(
        MigrationRunner runner,
        MigrationsProperties properties,
        MongoTemplate mongoTemplate,
        ObjectProvider<MongoClient> mongoClient,
        MigrationCommandExit exit,
        MigrationStartupStrategy startupStrategy) {
      return new MigrationCommandRunner(
          runner,
          properties,
          mongoTemplate,
          database -> new MongoTemplate(mongoClient.getObject(), database),
          exit,
          startupStrategy);
    }
  }
}
