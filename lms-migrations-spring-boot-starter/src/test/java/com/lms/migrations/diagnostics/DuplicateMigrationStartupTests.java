package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Two migrations with the same version: startup fails with Spring Boot's failure report, and the
 * advice names the one that is not applied yet, whichever of the two was registered first.
 */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class DuplicateMigrationStartupTests {

  private static final String TYPE = TestMigration.class.getName();

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
  void whenTheAppliedOneIsRegisteredSecondTheAdviceRenumbersTheFirst() {
    apply(TestMigration.recording("add_tags", 3));

    FailureAnalysis analysis =
        analyze(TestMigration.recording("add_level", 3), TestMigration.recording("add_tags", 3));

    assertThat(analysis.getDescription())
        .isEqualTo(
            "Migrations 'add_level' ("
                + TYPE
                + ") and 'add_tags' ("
                + TYPE
                + ") both have version 3. 'add_tags' is already recorded in the history"
                + " (lms_migrations) as COMPLETED; 'add_level' is not applied yet.");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Renumber 'add_level' ("
                + TYPE
                + ") to version 4, the next free version. Keep version 3 on 'add_tags': the"
                + " history records it under that version.");
  }

  @Test
  void whenTheAppliedOneIsRegisteredFirstTheAdviceRenumbersTheSecond() {
    apply(TestMigration.recording("add_tags", 3));

    FailureAnalysis analysis =
        analyze(TestMigration.recording("add_tags", 3), TestMigration.recording("add_level", 3));

    assertThat(analysis.getAction())
        .startsWith("Renumber 'add_level' (" + TYPE + ") to version 4, the next free version.");
  }

  @Test
  void theNextFreeVersionIsAboveVersionsRecordedButNoLongerInTheCode() {
    apply(TestMigration.recording("add_tags", 3), TestMigration.recording("add_index", 4));

    FailureAnalysis analysis =
        analyze(TestMigration.recording("add_level", 3), TestMigration.recording("add_tags", 3));

    assertThat(analysis.getAction())
        .startsWith("Renumber 'add_level' (" + TYPE + ") to version 5, the next free version.");
  }

  @Test
  void whenNeitherIsAppliedEitherMayBeRenumbered() {
    FailureAnalysis analysis =
        analyze(TestMigration.recording("add_tags", 3), TestMigration.recording("add_level", 3));

    assertThat(analysis.getDescription()).endsWith("both have version 3. Neither is applied yet.");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Renumber one of them, usually the one added last: for example give 'add_level' ("
                + TYPE
                + ") version 4, the next free version.");
  }

  @Test
  void whenTheHistoryCannotBeReadTheAdviceStatesTheRule() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    contextRunner =
        contextRunner.withPropertyValues(
            "spring.mongodb.uri=mongodb://127.0.0.1:"
                + closedPort
                + "/unreachable?serverSelectionTimeoutMS=300");

    FailureAnalysis analysis =
        analyze(TestMigration.recording("add_tags", 3), TestMigration.recording("add_level", 3));

    assertThat(analysis.getDescription())
        .startsWith(
            "Migrations 'add_tags' ("
                + TYPE
                + ") and 'add_level' ("
                + TYPE
                + ") both have version 3. The history (lms_migrations) could not be read to tell"
                + " which one is applied: ");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Renumber the one that is not applied yet to version 4, the next free version, and"
                + " keep the version of the applied one.");
  }

  @Test
  void theCoreMessageNamesBothAndTheRuleWithoutReadingTheDatabase() {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("add_tags", 3));

    assertThatThrownBy(() -> runner.register(TestMigration.recording("add_level", 3)))
        .hasMessage(
            "Migrations 'add_tags' and 'add_level' both have version 3 ("
                + TYPE
                + " and "
                + TYPE
                + "); renumber the one that is not applied yet to a free version, and keep the"
                + " version of the one that is applied");
  }

  @Test
  void startupFailsWithSpringBootsFailureReportAndNoStackTrace(CapturedOutput output) {
    apply(TestMigration.recording("add_tags", 3));

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(ClashingApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                        "spring.mongodb.uri=" + db.uri(), "management.health.mongodb.enabled=false")
                    .run()
                    .close())
        .hasRootCauseInstanceOf(com.lms.migrations.DuplicateMigrationException.class);

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "'add_tags' is already recorded in the history (lms_migrations) as COMPLETED;"
                + " 'add_level' is not applied yet.")
        .contains("Renumber 'add_level' (" + TYPE + ") to version 4, the next free version.")
        .doesNotContain("\tat org.springframework");
  }

  private void apply(Migration... migrations) {
    MigrationRunner runner = new MigrationRunner(db.template());
    for (Migration migration : migrations) {
      runner.register(migration);
    }
    runner.upAll();
  }

  private FailureAnalysis analyze(Migration first, Migration second) {
    FailureAnalysis[] analysis = new FailureAnalysis[1];
    contextRunner
        .withBean("first", Migration.class, () -> first)
        .withBean("second", Migration.class, () -> second)
        .run(
            context -> {
              assertThat(context).hasFailed();
              analysis[0] =
                  new DuplicateMigrationFailureAnalyzer().analyze(context.getStartupFailure());
            });
    assertThat(analysis[0]).isNotNull();
    return analysis[0];
  }

  /** The applied {@code add_tags} registered second, after a new migration with its version. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ClashingApplication {

    @Bean
    @Order(1)
    Migration addLevel() {
      return TestMigration.recording("add_level", 3);
    }

    @Bean
    @Order(2)
    Migration addTags() {
      return TestMigration.recording("add_tags", 3);
    }
  }
}
