package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The {@code migrations} health after a startup failure that the application survived ({@code
 * fail-on-error=false}): it follows the database, so repairing the failure brings it back UP.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationsHealthTests {

  private static final AtomicBoolean flakyFails = new AtomicBoolean();

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    flakyFails.set(true);
  }

  @Test
  void aFailedMigrationRepairedWithMarkAppliedMakesHealthUpAgain() {
    try (ConfigurableApplicationContext context = start()) {
      Health down = health(context);
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(failedNames(down)).containsExactly("flaky_backfill");

      context.getBean(MigrationRunner.class).onBehalfOf("ops").markApplied("flaky_backfill");

      Health up = health(context);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails())
          .doesNotContainKeys("failed", "startupError")
          .containsEntry("currentVersion", 2)
          .containsEntry("pending", 1L);
    }
  }

  @Test
  void aFailedMigrationFixedAndAppliedAgainMakesHealthUpAgain() {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);

      flakyFails.set(false);
      context.getBean(MigrationRunner.class).upAll();

      Health up = health(context);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails())
          .doesNotContainKeys("failed", "startupError")
          .containsEntry("currentVersion", 3)
          .containsEntry("pending", 0L);
    }
  }

  @Test
  void aFailedMigrationMarkedPendingMakesHealthUpWithThePendingCount() {
    try (ConfigurableApplicationContext context = start()) {
      context.getBean(MigrationRunner.class).onBehalfOf("ops").markPending("flaky_backfill");

      Health up = health(context);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails()).containsEntry("pending", 2L);
    }
  }

  @Test
  void aLockTimeoutAtStartupIsReportedUntilTheMigrationsAreApplied() {
    flakyFails.set(false);
    db.template()
        .insert(
            new Document("_id", "migrations")
                .append("owner", "other-instance")
                .append("host", "pod-4")
                .append("pid", 4L)
                .append("lockedAt", new Date())
                .append("expiresAt", new Date(System.currentTimeMillis() + 120_000)),
            "lms_migrations_lock");

    try (ConfigurableApplicationContext context = start("lms.migrations.lock.wait-time=200ms")) {
      Health down = health(context);
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(String.valueOf(down.getDetails().get("startupError"))).contains("pod-4");
      assertThat(health(context).getStatus())
          .as("still down on the next check")
          .isEqualTo(Status.DOWN);

      // The other instance finishes: its lock goes, and another runner applies everything.
      db.template().remove(new Query(), "lms_migrations_lock");
      MigrationRunner otherInstance = new MigrationRunner(db.newTemplate());
      context.getBean(MigrationRunner.class).getMigrations().forEach(otherInstance::register);
      otherInstance.upAll();

      Health up = health(context);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails()).doesNotContainKey("startupError");

      // Made good for good: a later rollback leaves migrations pending, but startup did not fail.
      context.getBean(MigrationRunner.class).rollbackTo(0);
      assertThat(health(context).getStatus()).isEqualTo(Status.UP);
    }
  }

  @Test
  void aValidationErrorAtStartupIsReportedWhileTheHistoryStillDisagrees() {
    flakyFails.set(false);
    db.template()
        .insert(
            new Document("_id", "ghost")
                .append("version", 1)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()),
            "lms_migrations");

    try (ConfigurableApplicationContext context = start()) {
      Health down = health(context);
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(String.valueOf(down.getDetails().get("startupError")))
          .contains("Version 1 is recorded as 'ghost' but the code has");

      context.getBean(MigrationRunner.class).upAll();
      assertThat(health(context).getStatus())
          .as("applied, but the history still disagrees with the code")
          .isEqualTo(Status.DOWN);

      db.template().remove(Query.query(Criteria.where("_id").is("ghost")), "lms_migrations");
      assertThat(health(context).getStatus()).isEqualTo(Status.UP);
    }
  }

  @Test
  void aStartupValidationErrorNamesThePropertyThatToleratesIt() {
    flakyFails.set(false);
    db.template()
        .insert(
            new Document("_id", "third")
                .append("version", 3)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()),
            "lms_migrations");

    try (ConfigurableApplicationContext context = start()) {
      assertThat(String.valueOf(health(context).getDetails().get("startupError")))
          .contains("Migration 'first' (version 1) is pending but version 3 is already applied")
          .contains("set lms.migrations.out-of-order=true to apply it anyway")
          .doesNotContain("ValidationPolicy");
    }
  }

  private ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(HealthTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.mongodb.uri=" + db.uri(),
            "management.health.mongodb.enabled=false",
            "lms.migrations.fail-on-error=false")
        .properties(properties)
        .run();
  }

  private static Health health(ConfigurableApplicationContext context) {
    return context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
  }

  private static List<Object> failedNames(Health health) {
    return ((List<?>) health.getDetails().get("failed"))
        .stream()
            .map(failure -> ((Map<?, ?>) failure).get("name"))
            .map(Object.class::cast)
            .toList();
  }

  /** Three migrations; the second fails while {@link #flakyFails} is set. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class HealthTestApplication {

    @Bean
    Migration first() {
      return TestMigration.recording("first", 1);
    }

    @Bean
    Migration flakyBackfill() {
      return TestMigration.of(
          "flaky_backfill",
          2,
          ctx -> {
            if (flakyFails.get()) {
              throw new IllegalStateException("course 42 has no department");
            }
          },
          ctx -> {});
    }

    @Bean
    Migration third() {
      return TestMigration.recording("third", 3);
    }
  }
}
