package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.RequiredMigrationNotFinishedException;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/**
 * A migration whose required background migration has not completed stops startup with a failure
 * report that names the property and the endpoint, not the core's API.
 */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class RequiredMigrationFailureAnalyzerTests {

  @Test
  void theReportNamesTheWaitPropertyAndTheEndpointShowingTheProgress(
      TestDatabase db, CapturedOutput output) {
    assertThatThrownBy(() -> start(db)).isInstanceOf(RequiredMigrationNotFinishedException.class);

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Migration 'require_level' (version 3) requires background migration"
                + " 'backfill_level', which has not completed (backfill_level: queued)."
                + " Nothing was run.")
        .contains(
            "Let it finish (its progress: GET /actuator/migrations/backfill_level) and run again,"
                + " or set lms.migrations.required-wait-time to wait for it at startup.")
        .doesNotContain("MigrationSettings")
        .doesNotContain("MigrationRunner.background()");
  }

  @Test
  void theReportSaysHowLongStartupWaited(TestDatabase db, CapturedOutput output) {
    assertThatThrownBy(() -> start(db, "lms.migrations.required-wait-time=300ms"))
        .isInstanceOf(RequiredMigrationNotFinishedException.class);

    assertThat(output)
        .contains("which has not completed (backfill_level: queued) after a wait of 300ms.")
        .contains("or raise lms.migrations.required-wait-time (now 300ms) to wait longer.");
  }

  private static void start(TestDatabase db, String... properties) {
    new SpringApplicationBuilder(RequiringApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.mongodb.uri=" + db.uri(), "management.health.mongodb.enabled=false")
        .properties(properties)
        .run()
        .close();
  }

  /** A regular migration requiring a background migration that only runs once it is ready. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class RequiringApplication {

    @Bean
    Migration backfillLevel() {
      return TestMigration.recording("backfill_level", 2).inBackground();
    }

    @Bean
    Migration requireLevel() {
      return TestMigration.recording("require_level", 3).requiring("backfill_level");
    }
  }
}
