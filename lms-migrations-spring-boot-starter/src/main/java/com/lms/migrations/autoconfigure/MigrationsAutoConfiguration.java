package com.lms.migrations.autoconfigure;

import com.lms.migrations.DuplicateMigrationException;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.InvalidSettingException;
import com.lms.migrations.LockSettings;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.RunRules;
import com.lms.migrations.connection.MigrationsMongoClient;
import com.lms.migrations.connection.MigrationsMongoTemplate;
import com.lms.migrations.diagnostics.DuplicateMigrationHistory;
import com.lms.migrations.diagnostics.DuplicateMigrationStartupException;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.events.MigrationEventPublisher;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.startup.BackgroundMigrationsLifecycle;
import com.lms.migrations.startup.ContractMigrationsLifecycle;
import com.lms.migrations.startup.DefaultMigrationStartupStrategy;
import com.lms.migrations.startup.DependsOnMigrations;
import com.lms.migrations.startup.DependsOnMigrationsPostProcessor;
import com.lms.migrations.startup.InstancePresenceLifecycle;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.lms.migrations.startup.ObservedMigrationStartupStrategy;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.validation.ValidationPolicy;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.StringUtils;

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
@Conditional(OnMigrationsMongo.class)
@ConditionalOnBooleanProperty(name = "lms.migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationsProperties.class)
@Import(MigrationScanRegistrar.class)
public final class MigrationsAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(MigrationsAutoConfiguration.class);

  private static final String PREFIX = "lms.migrations.";

  /** Created by Spring Boot's auto-configuration. */
  public MigrationsAutoConfiguration() {}

  /**
   * The runner, built once from the properties, every {@link Migration} and {@link
   * MigrationListener} bean, then every {@link MigrationRunnerCustomizer}.
   */
  @Bean
  @ConditionalOnMissingBean
  MigrationRunner migrationRunner(
      @MigrationsMongoTemplate ObjectProvider<MongoTemplate> migrationsTemplate,
      ObjectProvider<MongoTemplate> applicationTemplate,
      ObjectProvider<MigrationsMongoClient> ownClient,
      MigrationsProperties properties,
      ObjectProvider<Migration> migrations,
      ObjectProvider<MigrationListener> listeners,
      ObjectProvider<MigrationRunnerCustomizer> customizers,
      Environment environment,
      ListableBeanFactory beanFactory) {
    MongoTemplate mongoTemplate =
        migrationsTemplate(migrationsTemplate, applicationTemplate, ownClient);
    MigrationSettings settings = settings(properties);
    List<Migration> beans = migrations.orderedStream().toList();
    MigrationRunner.Builder builder = MigrationRunner.builder(mongoTemplate);
    if (StringUtils.hasText(properties.getDatabase())) {
      try {
        builder.database(properties.getDatabase());
      } catch (InvalidDatabaseNameException e) {
        throw new InvalidConfigurationPropertyValueException(
            PREFIX + "database", properties.getDatabase(), e.getMessage());
      }
    }
    builder
        .settings(settings)
        .validationPolicy(
            new ValidationPolicy(
                properties.isIgnoreMissing(),
                properties.isOutOfOrder(),
                properties.getValidateChecksums()))
        .migrations(beans)
        .inactive(
            InactiveMigrationScan.find(
                environment, scannedPackages(beanFactory, properties), beans));
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    MigrationRunner runner;
    try {
      runner = builder.build();
    } catch (DuplicateMigrationException e) {
      // Read the history now: by the time the failure is analysed, the client is closed.
      throw new DuplicateMigrationStartupException(
          e,
          DuplicateMigrationHistory.read(
              settings,
              properties.getDatabase(),
              mongoTemplate,
              e.getRegistered(),
              e.getDuplicate()),
          settings.collection(),
          beans.stream().mapToInt(Migration::version).max().orElse(0));
    }
    if (runner.getMigrations().isEmpty()) {
      log.warn(
          "lms-migrations is enabled but no migration is registered: make each migration a bean"
              + " (@Component in a scanned package), list its package in"
              + " lms.migrations.scan-packages, or register it with a MigrationRunnerCustomizer");
    }
    return runner;
  }

  /**
   * The template migrations run against: the one marked {@link MigrationsMongoTemplate}, else the
   * starter's own client's (only when the application has no {@code MongoTemplate}), else the
   * application's.
   *
   * @param migrationsTemplate the template marked {@link MigrationsMongoTemplate}
   * @param applicationTemplate the application's template
   * @param ownClient the starter's own client
   * @return the template
   */
  public static MongoTemplate migrationsTemplate(
      ObjectProvider<MongoTemplate> migrationsTemplate,
      ObjectProvider<MongoTemplate> applicationTemplate,
      ObjectProvider<MigrationsMongoClient> ownClient) {
    MongoTemplate marked = migrationsTemplate.getIfAvailable();
    return marked != null
        ? marked
        : MigrationsMongoClient.templateOf(applicationTemplate, ownClient);
  }

  /**
   * Every tenant's migrations, when tenants are configured ({@code lms.migrations.tenants.*} or a
   * {@link MigrationTenants} bean). Each tenant's runner copies the runner bean, whose own database
   * is then not migrated.
   */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnTenants.class)
  TenantMigrations tenantMigrations(
      MigrationRunner runner,
      MigrationsProperties properties,
      ObjectProvider<MigrationTenants> tenantsBean,
      @MigrationsMongoTemplate ObjectProvider<MongoTemplate> migrationsTemplate,
      ObjectProvider<MongoTemplate> applicationTemplate,
      ObjectProvider<MigrationsMongoClient> ownClient) {
    MigrationsProperties.Tenants config = properties.getTenants();
    if (config.getParallelism() < 1) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "tenants.parallelism", config.getParallelism(), "It must be 1 or more.");
    }
    if (properties.getBaselineVersion() != null) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "baseline-version",
          properties.getBaselineVersion(),
          "It cannot be combined with tenants: every tenant without history, a new one too, would"
              + " be recorded as migrated without running anything. Baseline each existing tenant"
              + " once (TenantMigrations.runnerFor(tenant).onBehalfOf(who).baseline(version)) and leave it"
              + " unset.");
    }
    Integer target = targetVersion(properties);
    MigrationTenants tenants =
        ConfiguredTenants.of(
            config,
            tenantsBean.getIfAvailable(),
            () -> migrationsTemplate(migrationsTemplate, applicationTemplate, ownClient));
    return TenantMigrations.builder(runner, tenants)
        .parallelism(config.getParallelism())
        .failFast(config.isFailFast())
        .targetVersion(target == null ? Integer.MAX_VALUE : target)
        .build();
  }

  /**
   * Where each tenant's schema stands, read within a time budget on threads of its own: shared by
   * the health check and the endpoint's summary, so that a slow or unreachable tenant holds up
   * neither of them nor the other tenants.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(TenantMigrations.class)
  TenantInfoSnapshots tenantInfoSnapshots(TenantMigrations tenants) {
    return TenantInfoSnapshots.forProbes(tenants);
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
    return new DefaultMigrationStartupStrategy(
        targetVersion(properties),
        baselineVersion(properties),
        properties.isDryRun(),
        importSource(properties));
  }

  /**
   * The history to import, from {@code lms.migrations.import.*}.
   *
   * @param properties the bound properties
   * @return the source, or {@code null} when {@code import.from} is not set
   * @throws InvalidConfigurationPropertyValueException naming the property of a bad value
   */
  public static @Nullable HistorySource importSource(MigrationsProperties properties) {
    MigrationsProperties.Import config = properties.getImport();
    String from = config.getFrom();
    if (from == null || from.isBlank()) {
      return null;
    }
    HistorySource source;
    try {
      source = HistorySource.of(HistorySource.Tool.fromId(from.trim()));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "import.from", from, "It must be mongock, mongobee, migrate-mongo or flyway.");
    }
    if (config.getCollection() != null && !config.getCollection().isBlank()) {
      source = source.withCollection(config.getCollection());
    }
    if (config.getLockCollection() != null && !config.getLockCollection().isBlank()) {
      source = source.withLockCollection(config.getLockCollection());
    }
    return source.withMappings(config.getMappings());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "lms.migrations.run-on-startup", matchIfMissing = true)
  @Conditional(OnNoMigrationCommand.class)
  MigrationStartupRunner migrationStartupRunner(
      MigrationRunner runner,
      MigrationStartupStrategy strategy,
      MigrationsProperties properties,
      ObjectProvider<ObservationRegistry> observationRegistry,
      ObjectProvider<TenantMigrations> tenants) {
    return new MigrationStartupRunner(
        runner,
        ObservedMigrationStartupStrategy.observe(
            strategy, observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP)),
        properties.isFailOnError(),
        targetVersion(properties),
        properties.getStartup().getPhase(),
        tenants.getIfAvailable());
  }

  /**
   * Applies the contract migrations that waited at startup for older builds once those are gone.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "lms.migrations.instances.enabled", matchIfMissing = true)
  @Conditional(OnNoMigrationCommand.class)
  ContractMigrationsLifecycle contractMigrationsLifecycle(
      MigrationRunner runner,
      MigrationsProperties properties,
      ObjectProvider<TenantMigrations> tenants) {
    return new ContractMigrationsLifecycle(
        runner,
        runRules(properties),
        properties.getInstances().getRenewInterval(),
        tenants.getIfAvailable() != null);
  }

  /**
   * Keeps this instance's record among the running ones while the application runs (not during a
   * dry run, which writes nothing).
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "lms.migrations.instances.enabled", matchIfMissing = true)
  @ConditionalOnBooleanProperty(
      name = "lms.migrations.dry-run",
      havingValue = false,
      matchIfMissing = true)
  @Conditional(OnNoMigrationCommand.class)
  InstancePresenceLifecycle instancePresenceLifecycle(
      MigrationRunner runner,
      MigrationsProperties properties,
      Environment environment,
      ObjectProvider<BuildProperties> build) {
    Duration interval = properties.getInstances().getRenewInterval();
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "instances.renew-interval", interval, "It must be positive.");
    }
    BuildProperties buildProperties = build.getIfAvailable();
    return new InstancePresenceLifecycle(
        runner,
        environment.getProperty("spring.application.name"),
        buildProperties == null ? null : buildProperties.getVersion(),
        interval);
  }

  /**
   * Runs background migrations on one worker thread once the application is ready, and stops it
   * between two batches on shutdown.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "lms.migrations.background.enabled", matchIfMissing = true)
  @Conditional(OnNoMigrationCommand.class)
  BackgroundMigrationsLifecycle backgroundMigrationsLifecycle(
      MigrationRunner runner,
      MigrationsProperties properties,
      ObjectProvider<MigrationStartupRunner> startup,
      ObjectProvider<TenantMigrations> tenants) {
    Duration pollInterval = properties.getBackground().getPollInterval();
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "background.poll-interval", pollInterval, "It must be positive.");
    }
    TenantMigrations tenantMigrations = tenants.getIfAvailable();
    RunRules rules = runRules(properties);
    return tenantMigrations == null
        ? new BackgroundMigrationsLifecycle(runner, pollInterval, rules, startup::getIfAvailable)
        : new BackgroundMigrationsLifecycle(
            runner,
            tenantMigrations,
            properties.getTenants().getParallelism(),
            pollInterval,
            rules,
            startup::getIfAvailable);
  }

  /**
   * Beans marked {@link DependsOnMigrations} are created after the startup migrations' bean. Only
   * in the refresh phase, where creating that bean runs the migrations: elsewhere the order would
   * change nothing, and looking at every bean definition costs startup time.
   */
  @Bean
  @ConditionalOnProperty(name = "lms.migrations.startup.phase", havingValue = "refresh")
  static DependsOnMigrationsPostProcessor dependsOnMigrationsPostProcessor() {
    return new DependsOnMigrationsPostProcessor();
  }

  /** With lazy initialization, the startup migrations' bean is still created during refresh. */
  @Bean
  static LazyInitializationExcludeFilter migrationStartupLazyInitializationExcludeFilter() {
    return LazyInitializationExcludeFilter.forBeanTypes(MigrationStartupRunner.class);
  }

  /**
   * The core settings the properties describe. The core checks them; a value it refuses is reported
   * under the name of the property that holds it.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property
   */
  static MigrationSettings settings(MigrationsProperties properties) {
    MigrationsProperties.Lock lock = properties.getLock();
    try {
      return new MigrationSettings(
          properties.getCollection(),
          properties.getLogLimit(),
          new LockSettings(
              lock.getCollection(),
              lock.getLeaseTime(),
              lock.getWaitTime(),
              lock.getPollInterval()),
          properties.getTransactionMode(),
          properties.getRequiredWaitTime());
    } catch (InvalidSettingException e) {
      throw new InvalidConfigurationPropertyValueException(
          FailureAdvice.propertyOf(e.getSetting()), e.getValue(), "It " + e.getReason() + ".");
    }
  }

  /**
   * The run rules the properties set, which every automatic path asks: the target version, the dry
   * run, and whether migrations run by themselves at all.
   */
  /** The application's packages and {@code scan-packages}: where its migration classes live. */
  private static List<String> scannedPackages(
      ListableBeanFactory beanFactory, MigrationsProperties properties) {
    List<String> packages = new ArrayList<>();
    if (AutoConfigurationPackages.has(beanFactory)) {
      packages.addAll(AutoConfigurationPackages.get(beanFactory));
    }
    packages.addAll(properties.getScanPackages());
    return packages;
  }

  static RunRules runRules(MigrationsProperties properties) {
    Integer target = targetVersion(properties);
    return new RunRules(
        target == null ? Integer.MAX_VALUE : target,
        properties.isDryRun(),
        properties.isRunOnStartup());
  }

  static @Nullable Integer targetVersion(MigrationsProperties properties) {
    Integer target = properties.getTargetVersion();
    if (target != null && target < 0) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "target-version",
          target,
          "It must be 0 or more (versions start at 1); leave it unset to apply everything.");
    }
    return target;
  }

  private static @Nullable Integer baselineVersion(MigrationsProperties properties) {
    Integer baseline = properties.getBaselineVersion();
    if (baseline != null && baseline < 0) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "baseline-version", baseline, "It must be 0 or more.");
    }
    return baseline;
  }
}
