package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationState;
import com.lms.migrations.events.MigrationCompletedEvent;
import com.lms.migrations.events.MigrationRunFinishedEvent;
import com.lms.migrations.events.MigrationStartedEvent;
import com.lms.migrations.metrics.MigrationsMetrics;
import com.lms.migrations.testing.JavaProcess;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Real application startups against the embedded MongoDB server. */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class MigrationsStartupIntegrationTests {

  @Test
  void appliesMigrationsBeforeOtherRunnersAndBeforeTheApplicationIsReady(TestDatabase db) {
    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      assertThat(StartupTestApplication.observations)
          .containsExactly(ReadinessState.REFUSING_TRAFFIC, MigrationState.COMPLETED);
      assertThat(StartupTestApplication.readiness(context))
          .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
    }
  }

  @Test
  void logsOneSummaryLine(TestDatabase db, CapturedOutput output) {
    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      assertThat(output).contains("Applied 2 migrations in").contains("schema now at version 3");
    }
    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      assertThat(output).contains("Schema is up to date at version 3; no migration to apply");
    }
  }

  @Test
  void healthIsUpWithTheCurrentVersionAndPendingCount(TestDatabase db) {
    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      Health health =
          context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails())
          .containsEntry("currentVersion", 3)
          .containsEntry("pending", 0L);
    }
  }

  @Test
  void publishesAnEventPerMigrationAndOneForTheRun(TestDatabase db) {
    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      assertThat(StartupTestApplication.events)
          .extracting(Object::getClass)
          .containsExactly(
              MigrationStartedEvent.class,
              MigrationCompletedEvent.class,
              MigrationStartedEvent.class,
              MigrationCompletedEvent.class,
              MigrationRunFinishedEvent.class);
      MigrationRunFinishedEvent finished =
          (MigrationRunFinishedEvent) StartupTestApplication.events.get(4);
      assertThat(finished.getSummary().currentVersion()).isEqualTo(3);
      assertThat(finished.getSummary().executions()).hasSize(2);
    }
  }

  @Test
  void recordsATimerPerMigrationAndAPendingGauge(TestDatabase db) {
    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(
              registry
                  .get(MigrationsMetrics.EXECUTION_TIMER)
                  .tags("migration", "add_tags", "direction", "up", "outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(registry.get(MigrationsMetrics.PENDING_GAUGE).gauge().value()).isZero();
    }
  }

  @Test
  void aFailedMigrationStopsStartupWithOneClearMessage(TestDatabase db, CapturedOutput output) {
    assertThatThrownBy(() -> startFailing(db))
        .isInstanceOf(MigrationFailedException.class)
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Migration 'broken_backfill' failed while applying: IllegalStateException: course 42"
                + " has no department")
        .contains("GET /actuator/migrations/broken_backfill")
        .contains("lms.migrations.fail-on-error=false");
    // The stack trace, once, at ERROR: the failure report alone does not show the failing line.
    assertThat(stackTracesOfTheFailure(output)).isEqualTo(1);
  }

  @Test
  void anOlderBuildStartsOnAHistoryWithNewerMigrationsAndReportsThem(
      TestDatabase db, CapturedOutput output) {
    db.template()
        .insert(
            new org.bson.Document("_id", "newer_feature")
                .append("version", 99)
                .append("description", "")
                .append("status", "COMPLETED")
                .append("executedAt", new java.util.Date()),
            "lms_migrations");

    try (ConfigurableApplicationContext context = StartupTestApplication.start(db.uri())) {
      Health health =
          context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails())
          .containsEntry("future", List.of("newer_feature (version 99)"))
          .containsEntry("currentVersion", 99);
    }
    assertThat(output)
        .contains(
            "Migration 'newer_feature' (version 99) is recorded as COMPLETED but this build knows"
                + " versions up to ");
  }

  @Test
  void withFailOnErrorFalseTheApplicationStartsAndHealthIsDown(
      TestDatabase db, CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        startFailing(db, "lms.migrations.fail-on-error=false")) {
      Health health =
          context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().get("failed"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
          .singleElement()
          .satisfies(
              failure ->
                  assertThat(((Map<?, ?>) failure).get("name")).isEqualTo("broken_backfill"));
    }
    assertThat(output.getOut().split("Migrations failed; starting anyway", -1)).hasSize(2);
    assertThat(stackTracesOfTheFailure(output)).isEqualTo(1);
  }

  private static int stackTracesOfTheFailure(CapturedOutput output) {
    return output
            .toString()
            .split("java.lang.IllegalStateException: course 42 has no department\\R\\s+at ", -1)
            .length
        - 1;
  }

  @Test
  void aFailedStartupExitsTheProcessWithANonZeroCode(TestDatabase db) throws Exception {
    try (JavaProcess app =
        JavaProcess.start(
            FailingTestApplication.class,
            "--spring.mongodb.uri=" + db.uri(),
            "--management.health.mongodb.enabled=false")) {
      int exitCode = app.waitFor(120);
      assertThat(exitCode).as(app.output()).isNotZero();
      assertThat(app.output())
          .contains("APPLICATION FAILED TO START")
          .contains("Migration 'broken_backfill' failed while applying");
    }
  }

  @Test
  void inTheRefreshPhaseAFailedMigrationStopsStartupWithTheSameReport(
      TestDatabase db, CapturedOutput output) {
    assertThatThrownBy(() -> startFailing(db, "lms.migrations.startup.phase=refresh"))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause()
        .hasMessage("course 42 has no department");

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Migration 'broken_backfill' failed while applying: IllegalStateException: course 42"
                + " has no department")
        .contains("lms.migrations.fail-on-error=false");
  }

  private static ConfigurableApplicationContext startFailing(
      TestDatabase db, String... properties) {
    return new SpringApplicationBuilder(FailingTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.mongodb.uri=" + db.uri(), "management.health.mongodb.enabled=false")
        .properties(properties)
        .run();
  }

  @Test
  void withFailOnErrorFalseAStartupErrorOtherThanAFailedMigrationAlsoMakesHealthDown(
      TestDatabase db) {
    db.template()
        .insert(
            new org.bson.Document("_id", "migrations")
                .append("owner", "other-instance")
                .append("host", "pod-4")
                .append("pid", 4L)
                .append("lockedAt", new java.util.Date())
                .append("expiresAt", new java.util.Date(System.currentTimeMillis() + 120_000)),
            "lms_migrations_lock");

    try (ConfigurableApplicationContext context =
        StartupTestApplication.start(
            db.uri(),
            "lms.migrations.fail-on-error=false",
            "lms.migrations.lock.wait-time=200ms")) {
      Health health =
          context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(String.valueOf(health.getDetails().get("startupError"))).contains("pod-4");
    }
  }
}
