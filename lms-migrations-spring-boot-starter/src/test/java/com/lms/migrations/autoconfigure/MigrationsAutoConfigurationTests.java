package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.lms.migrations.DuplicateMigrationException;
import com.lms.migrations.LockSettings;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationState;
import com.lms.migrations.TransactionMode;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.drift.EditedMigration;
import com.lms.migrations.startup.BackgroundMigrationsLifecycle;
import com.lms.migrations.startup.InstancePresenceLifecycle;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.validation.MigrationValidationException;
import com.mongodb.ConnectionString;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class MigrationsAutoConfigurationTests {

  private ApplicationContextRunner contextRunner;
  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.contextRunner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class,
                    MigrationsAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri());
  }

  @Test
  void theInstanceKeepsARecordOfItsBuildWhileItRunsAndRemovesItOnShutdown() {
    Properties build = new Properties();
    build.setProperty("version", "1.4.0");
    MigrationRunner outside = new MigrationRunner(db.template());
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(BuildProperties.class, () -> new BuildProperties(build))
        .withPropertyValues("spring.application.name=orders")
        .run(
            context -> {
              assertThat(outside.instances().live())
                  .singleElement()
                  .satisfies(
                      instance -> {
                        assertThat(instance.application()).isEqualTo("orders");
                        assertThat(instance.buildVersion()).isEqualTo("1.4.0");
                        assertThat(instance.knowsUpTo()).isEqualTo(1);
                        assertThat(instance.pid()).isEqualTo(ProcessHandle.current().pid());
                      });
            });
    assertThat(outside.instances().live()).as("removed when the context closed").isEmpty();
  }

  @Test
  void noInstanceRecordWhenSwitchedOffOrDuringADryRun() {
    for (String property :
        List.of("lms.migrations.instances.enabled=false", "lms.migrations.dry-run=true")) {
      contextRunner
          .withBean(AddTagsMigration.class)
          .withPropertyValues(property)
          .run(
              context -> {
                assertThat(context).as(property).doesNotHaveBean(InstancePresenceLifecycle.class);
                assertThat(context.getBean(MigrationRunner.class).instances().live()).isEmpty();
              });
    }
    contextRunner
        .withPropertyValues("lms.migrations.instances.renew-interval=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("lms.migrations.instances.renew-interval")
                    .hasMessageContaining("It must be positive."));
  }

  @Test
  void backsOffWithoutMongoTemplate() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MigrationsAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(MigrationRunner.class));
  }

  @Test
  void runsWhereTheConnectionDetailsBeanPointsAsWithDockerCompose() {
    ConnectionString connection = new ConnectionString(db.uri());
    contextRunner
        // What spring-boot-docker-compose registers: it wins over spring.mongodb.uri.
        .withPropertyValues("spring.mongodb.uri=mongodb://localhost:1/elsewhere")
        .withBean(MongoConnectionDetails.class, () -> () -> connection)
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              assertThat(db.template().findById("add_tags", Document.class, "effects")).isNotNull();
            });
  }

  @Test
  void backsOffWithoutSpringDataMongoDb() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(MongoTemplate.class))
        .run(context -> assertThat(context).doesNotHaveBean(MigrationRunner.class));
  }

  @Test
  void backsOffAndTouchesNothingWhenDisabled() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues("lms.migrations.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(MigrationRunner.class);
              assertThat(context).doesNotHaveBean(MigrationStartupRunner.class);
              assertThat(db.database().listCollectionNames()).isEmpty();
            });
  }

  @Test
  void registersEveryMigrationBeanAndAppliesThemAtStartup() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            "later", com.lms.migrations.Migration.class, () -> TestMigration.recording("later", 5))
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              assertThat(runner.getMigrations()).hasSize(2);
              assertThat(runner.getStatus("add_tags").orElseThrow().status())
                  .isEqualTo(MigrationState.COMPLETED);
              assertThat(runner.info().currentVersion()).isEqualTo(5);
            });
  }

  @Test
  void userDefinedRunnerWins() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            "myRunner",
            MigrationRunner.class,
            () ->
                new MigrationRunner(
                    new MongoTemplate(com.lms.migrations.testing.TestMongo.client(), db.name()),
                    MigrationSettings.defaults().withCollection("my_history")))
        .run(
            context -> {
              assertThat(context)
                  .getBean(MigrationRunner.class)
                  .isSameAs(context.getBean("myRunner"));
              assertThat(context.getBean(MigrationRunner.class).getSettings().collection())
                  .isEqualTo("my_history");
            });
  }

  @Test
  void customizersShapeTheBuilderBeforeTheRunnerIsBuilt() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            MigrationRunnerCustomizer.class,
            () -> builder -> builder.migration(TestMigration.recording("added_by_customizer", 9)))
        .run(
            context ->
                assertThat(context.getBean(MigrationRunner.class).getMigrations())
                    .extracting(com.lms.migrations.Migration::name)
                    .containsExactly("add_tags", "added_by_customizer"));
  }

  @Test
  void startupImportsAnotherToolsHistoryIntoAnEmptyHistory() {
    db.template()
        .getCollection("dbchangelog")
        .insertOne(
            new org.bson.Document("changeId", "add_tags_v1")
                .append("author", "bob")
                .append("timestamp", new java.util.Date())
                .append("changeLogClass", "com.example.ChangeLog")
                .append("changeSetMethod", "addTags"));
    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues(
            "lms.migrations.import.from=mongobee",
            // Brackets keep the underscores: without them Boot would bind the key as addtagsv1.
            "lms.migrations.import.mappings[add_tags_v1]=add_tags")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              assertThat(runner.getStatus("add_tags").orElseThrow().status())
                  .isEqualTo(MigrationState.COMPLETED);
              assertThat(runner.getHistory("add_tags"))
                  .extracting(com.lms.migrations.MigrationHistoryEntry::action)
                  .containsExactly("IMPORTED");
            });
  }

  @Test
  void startupGoesOnOnceTheImportedHistoryWasDroppedAndRunsTheRest(CapturedOutput output) {
    db.template()
        .getCollection("dbchangelog")
        .insertOne(
            new org.bson.Document("changeId", "add_tags_v1")
                .append("author", "bob")
                .append("timestamp", new java.util.Date()));
    ApplicationContextRunner importing =
        contextRunner
            .withBean(AddTagsMigration.class)
            .withBean(
                "addLevel",
                com.lms.migrations.Migration.class,
                () -> TestMigration.recording("add_level", 2))
            .withPropertyValues(
                "lms.migrations.import.from=mongobee",
                "lms.migrations.import.mappings[add_tags_v1]=add_tags",
                "lms.migrations.import.mappings[add_level_v1]=add_level");
    importing
        .withPropertyValues("lms.migrations.target-version=1")
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));
    // README step 4: the old tool's collections are dropped; add_level has not run yet.
    db.template().getCollection("dbchangelog").drop();

    importing.run(
        context -> {
          context.getBean(MigrationStartupRunner.class).run(null);
          MigrationRunner runner = context.getBean(MigrationRunner.class);
          assertThat(runner.getStatus("add_level").orElseThrow().status())
              .isEqualTo(MigrationState.COMPLETED);
          assertThat(runner.getHistory("add_tags"))
              .extracting(com.lms.migrations.MigrationHistoryEntry::action)
              .containsExactly("IMPORTED");
        });
    assertThat(output)
        .contains(
            "Nothing left to import from mongobee: its history 'dbchangelog' is gone and"
                + " lms-migrations has history here already, so migrations [add_level] run as"
                + " usual");
  }

  @Test
  void aFirstImportFromAMissingHistoryStillFailsStartup() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues(
            "lms.migrations.import.from=mongobee",
            "lms.migrations.import.mappings[add_tags_v1]=add_tags")
        .run(
            context -> {
              assertThatThrownBy(() -> context.getBean(MigrationStartupRunner.class).run(null))
                  .isInstanceOf(com.lms.migrations.importer.HistoryImportRefusedException.class)
                  .hasMessageContaining(
                      "the mongobee history in 'dbchangelog' is missing or empty in this"
                          + " database");
              assertThat(context.getBean(MigrationRunner.class).info().hasHistory()).isFalse();
            });
  }

  @Test
  void anUnknownToolToImportFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.import.from=liquibase",
        "lms.migrations.import.from",
        "It must be mongock, mongobee, migrate-mongo or flyway.");
  }

  @Test
  void warnsWhenNoMigrationIsRegistered(CapturedOutput output) {
    contextRunner.run(
        context -> {
          assertThat(context).hasSingleBean(MigrationRunner.class);
          assertThat(output)
              .contains("lms-migrations is enabled but no migration is registered")
              .contains("lms.migrations.scan-packages");
        });
  }

  @Test
  void staysQuietWhenMigrationsAreRegistered(CapturedOutput output) {
    contextRunner
        .withBean(AddTagsMigration.class)
        .run(context -> assertThat(output).doesNotContain("no migration is registered"));
  }

  @Test
  void everyListenerBeanHearsTheStartupRun() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            MigrationListener.class,
            () ->
                new MigrationListener() {
                  @Override
                  public void migrationFinished(MigrationExecution execution) {
                    heard.add(execution.name());
                  }
                })
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(heard).containsExactly("add_tags");
            });
  }

  @Test
  void aCustomizerThatAddsADuplicateFailsStartupExplainingIt() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            MigrationRunnerCustomizer.class,
            () -> builder -> builder.migration(TestMigration.recording("add_tags", 7)))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(DuplicateMigrationException.class)
                    .hasMessageContaining("Two migrations are named 'add_tags'"));
  }

  @Test
  void userDefinedStartupStrategyReplacesTheDefault() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(MigrationStartupStrategy.class, () -> runner -> runner.info().migrations())
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(
                      context
                          .getBean(MigrationRunner.class)
                          .getStatus("add_tags")
                          .orElseThrow()
                          .status())
                  .isEqualTo(MigrationState.PENDING);
            });
  }

  @Test
  void runOnStartupFalseRegistersEverythingButAppliesNothing() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues("lms.migrations.run-on-startup=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MigrationRunner.class);
              assertThat(context).doesNotHaveBean(MigrationStartupRunner.class);
              assertThat(context.getBean(MigrationRunner.class).getMigrations()).hasSize(1);
              // It still serves, so it keeps its record among the running instances; nothing else.
              assertThat(db.database().listCollectionNames())
                  .containsExactly("lms_migrations_instances");
            });
  }

  @Test
  void targetVersionLimitsWhatStartupApplies() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            "later", com.lms.migrations.Migration.class, () -> TestMigration.recording("later", 5))
        .withPropertyValues("lms.migrations.target-version=4")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              assertThat(runner.getStatus("add_tags").orElseThrow().isApplied()).isTrue();
              assertThat(runner.getStatus("later").orElseThrow().status())
                  .isEqualTo(MigrationState.PENDING);
            });
  }

  @Test
  void propertiesBindToTheRunnerSettings() {
    contextRunner
        .withPropertyValues(
            "lms.migrations.collection=schema_history",
            "lms.migrations.log-limit=50",
            "lms.migrations.transaction-mode=never",
            "lms.migrations.lock.collection=schema_lock",
            "lms.migrations.lock.lease-time=10s",
            "lms.migrations.lock.wait-time=2m",
            "lms.migrations.lock.poll-interval=250ms")
        .run(
            context ->
                assertThat(context.getBean(MigrationRunner.class).getSettings())
                    .isEqualTo(
                        new MigrationSettings(
                            "schema_history",
                            50,
                            new LockSettings(
                                "schema_lock",
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(2),
                                Duration.ofMillis(250)),
                            TransactionMode.NEVER)));
  }

  @Test
  void defaultsEqualTheCoreDefaults() {
    assertThat(MigrationsAutoConfiguration.settings(new MigrationsProperties()))
        .isEqualTo(MigrationSettings.defaults());
    contextRunner.run(
        context ->
            assertThat(context.getBean(MigrationRunner.class).getSettings())
                .isEqualTo(MigrationSettings.defaults()));
  }

  @Test
  void negativeLeaseTimeFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.lock.lease-time=-5s", "lms.migrations.lock.lease-time", "must be positive");
  }

  @Test
  void leaseTimeBelowItsMinimumFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.lock.lease-time=500ms",
        "lms.migrations.lock.lease-time",
        "It must be at least 1s (it is renewed every third, and each read or write of the"
            + " migration collections must fit in it).");
  }

  @Test
  void lockCollectionSharedWithTheHistoryFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.lock.collection=lms_migrations_logs",
        "lms.migrations.lock.collection",
        "It must differ from the status collection 'lms_migrations' and from the collections"
            + " beside it ('lms_migrations_logs', 'lms_migrations_checkpoints', 'lms_migrations_background',"
            + " 'lms_migrations_steps', 'lms_migrations_instances').");
  }

  @Test
  void negativeWaitTimeFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.lock.wait-time=-1m",
        "lms.migrations.lock.wait-time",
        "must not be negative");
  }

  @Test
  void zeroPollIntervalFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.lock.poll-interval=0s",
        "lms.migrations.lock.poll-interval",
        "It must be positive.");
  }

  @Test
  void zeroLogLimitFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.log-limit=0", "lms.migrations.log-limit", "It must be at least 1.");
  }

  @Test
  void negativeTargetVersionFailsStartupNamingTheProperty() {
    assertInvalid("lms.migrations.target-version=-1", "lms.migrations.target-version", "0 or more");
  }

  @Test
  void blankCollectionFailsStartupNamingTheProperty() {
    assertInvalid(
        "lms.migrations.collection= ",
        "lms.migrations.collection",
        "valid MongoDB collection name");
  }

  @Test
  void scanPackagesTurnUnannotatedMigrationsIntoBeansWithConstructorInjection() {
    contextRunner
        .withPropertyValues(
            "lms.migrations.scan-packages=com.lms.migrations.autoconfigure.scanned",
            "test.app-name=lms")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(context.getBean(MigrationRunner.class).getStatus("from_library_jar"))
                  .hasValueSatisfying(status -> assertThat(status.isApplied()).isTrue());
              assertThat(db.template().findAll(org.bson.Document.class, "effects"))
                  .singleElement()
                  .satisfies(doc -> assertThat(doc.getString("app")).isEqualTo("lms"));
            });
  }

  @Test
  void doesNothingWhenEverythingIsApplied() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));
    db.database().getCollection(LockSettings.DEFAULT_COLLECTION).drop();

    contextRunner
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(db.database().listCollectionNames())
                  .doesNotContain(LockSettings.DEFAULT_COLLECTION);
              assertThat(db.template().count(new Query(), "effects")).isEqualTo(1);
            });
  }

  @Test
  void aFailedMigrationIsThrownByDefault() {
    contextRunner
        .withBean(BrokenMigration.class)
        .run(
            context ->
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> context.getBean(MigrationStartupRunner.class).run(null))
                    .isInstanceOf(MigrationFailedException.class));
  }

  @Test
  void aFailedMigrationIsOnlyLoggedWhenFailOnErrorIsFalse() {
    contextRunner
        .withBean(BrokenMigration.class)
        .withPropertyValues("lms.migrations.fail-on-error=false")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(
                      context
                          .getBean(MigrationRunner.class)
                          .getStatus("broken_backfill")
                          .orElseThrow()
                          .status())
                  .isEqualTo(MigrationState.FAILED);
            });
  }

  @Test
  void runsBackgroundMigrationsUnlessDisabled() {
    contextRunner.run(
        context -> assertThat(context).hasSingleBean(BackgroundMigrationsLifecycle.class));
    contextRunner
        .withPropertyValues("lms.migrations.background.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MigrationRunner.class)
                    .doesNotHaveBean(BackgroundMigrationsLifecycle.class));
  }

  @Test
  void refusesABackgroundPollIntervalThatIsNotPositive() {
    assertInvalid(
        "lms.migrations.background.poll-interval=0s",
        "lms.migrations.background.poll-interval",
        "It must be positive.");
  }

  @Test
  void refusesANegativeRequiredWaitTimeNamingTheProperty() {
    assertInvalid(
        "lms.migrations.required-wait-time=-1s",
        "lms.migrations.required-wait-time",
        "It must be zero or positive.");
  }

  private void assertInvalid(String property, String name, String reason) {
    contextRunner
        .withPropertyValues(property)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("Property " + name + " with value")
                    .hasMessageContaining(reason));
  }

  @Test
  void dryRunValidatesAndAppliesNothingAndWritesNothing() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues("lms.migrations.dry-run=true")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(
                      context
                          .getBean(MigrationRunner.class)
                          .getStatus("add_tags")
                          .orElseThrow()
                          .status())
                  .isEqualTo(MigrationState.PENDING);
              assertThat(db.database().listCollectionNames()).isEmpty();
            });
  }

  @Test
  void baselineVersionRecordsExistingMigrationsOnAnEmptyHistory() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .withBean(
            "later", com.lms.migrations.Migration.class, () -> TestMigration.recording("later", 5))
        .withPropertyValues("lms.migrations.baseline-version=1")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              assertThat(runner.getHistory("add_tags"))
                  .extracting(com.lms.migrations.MigrationHistoryEntry::action)
                  .containsExactly("BASELINE");
              assertThat(runner.getStatus("later").orElseThrow().isApplied()).isTrue();
              assertThat(db.template().count(new Query(), "effects")).isEqualTo(1);
            });
  }

  @Test
  void startupRefusesToRunWhenTheCodeDisagreesWithTheHistory() {
    contextRunner
        .withBean(AddTagsMigration.class)
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));

    contextRunner
        .withBean(
            "renamed",
            com.lms.migrations.Migration.class,
            () -> TestMigration.recording("add_labels", 1))
        .run(
            context ->
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> context.getBean(MigrationStartupRunner.class).run(null))
                    .isInstanceOf(com.lms.migrations.validation.MigrationValidationException.class)
                    .hasMessageContaining(
                        "Version 1 is recorded as 'add_tags' but the code has 'add_labels'"));
  }

  @Test
  void ignoreMissingAndOutOfOrderRelaxValidation() {
    contextRunner
        .withBean(
            "later", com.lms.migrations.Migration.class, () -> TestMigration.recording("later", 5))
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));

    contextRunner
        .withBean(AddTagsMigration.class)
        .withPropertyValues(
            "lms.migrations.ignore-missing=true", "lms.migrations.out-of-order=true")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(
                      context
                          .getBean(MigrationRunner.class)
                          .getStatus("add_tags")
                          .orElseThrow()
                          .isApplied())
                  .isTrue();
            });
  }

  @Test
  void changedCodeStopsStartupUnderTheDefaultWithTheFix() {
    contextRunner
        .withBean("edited", Migration.class, () -> new EditedMigration("edited", 1, "v1"))
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));

    contextRunner
        .withBean("edited", Migration.class, () -> new EditedMigration("edited", 1, "v2"))
        .run(
            context -> {
              Throwable failure =
                  catchThrowable(() -> context.getBean(MigrationStartupRunner.class).run(null));
              assertThat(failure).isInstanceOf(MigrationValidationException.class);
              assertThat(FailureAdvice.describe(failure))
                  .contains("Migration 'edited' (version 1) changed since it was applied")
                  .contains("fingerprint was user:v1 and is user:v2")
                  .contains("--lms.migrations.command=accept-change --lms.migrations.name=edited")
                  .contains("lms.migrations.validate-checksums=warn");
            });
    assertThat(db.template().getCollection("edited").countDocuments()).isEqualTo(1);
  }

  @Test
  void changedCodeOnlyWarnsWithValidateChecksumsWarn(CapturedOutput output) {
    contextRunner
        .withBean("edited", Migration.class, () -> new EditedMigration("edited", 1, "v1"))
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));

    contextRunner
        .withBean("edited", Migration.class, () -> new EditedMigration("edited", 1, "v2"))
        .withBean("next", Migration.class, () -> new EditedMigration("next", 2, "v1"))
        .withPropertyValues("lms.migrations.validate-checksums=warn")
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));

    assertThat(output)
        .contains("WARN")
        .contains("Migration 'edited' (version 1) changed since it was applied");
    assertThat(db.template().getCollection("edited").countDocuments()).isEqualTo(2);
  }

  @Test
  void changedCodeIsNotCheckedWithValidateChecksumsOff(CapturedOutput output) {
    contextRunner
        .withBean("edited", Migration.class, () -> new EditedMigration("edited", 1, "v1"))
        .run(context -> context.getBean(MigrationStartupRunner.class).run(null));

    contextRunner
        .withBean("edited", Migration.class, () -> new EditedMigration("edited", 1, "v2"))
        .withPropertyValues("lms.migrations.validate-checksums=off")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(context.getBean(MigrationRunner.class).info().validation().findings())
                  .isEmpty();
            });

    assertThat(output).doesNotContain("changed since it was applied");
  }
}
