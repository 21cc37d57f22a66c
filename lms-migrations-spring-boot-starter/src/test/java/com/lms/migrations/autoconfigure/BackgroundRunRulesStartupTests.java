package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.RunRules;
import com.lms.migrations.autoconfigure.BackgroundMigrationsStartupTests.BackfillLevel;
import com.lms.migrations.startup.BackgroundMigrationsLifecycle;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The background workers of a real application obey the startup rules: a dry run, the target
 * version and run-on-startup=false, and with tenants one tenant's failed startup holds back only
 * that tenant's background migrations.
 */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class BackgroundRunRulesStartupTests {

  private static final String BACKGROUND = "backfill_enrollment_level";

  private static final String REGULAR = "add_course_index";

  @Test
  void aDryRunStartsNoWorkerSaysWhyAndWritesNothing(TestDatabase db, CapturedOutput output) {
    insertEnrollments(db.database(), 500);

    try (ConfigurableApplicationContext context = start(db, "lms.migrations.dry-run=true")) {
      assertThat(output)
          .contains(
              "Background migrations ["
                  + BACKGROUND
                  + "] are not run by this instance: this is a dry run, which writes nothing"
                  + " (lms.migrations.dry-run=true)");
      assertThat(context.getBean(BackgroundMigrationsLifecycle.class).rules().dryRun()).isTrue();
      assertUntouched(db.database(), BACKGROUND, REGULAR);
    }
  }

  @Test
  void aBackgroundMigrationAboveTheTargetVersionIsNotApplied(
      TestDatabase db, CapturedOutput output) {
    insertEnrollments(db.database(), 500);

    try (ConfigurableApplicationContext context = start(db, "lms.migrations.target-version=1")) {
      MigrationRunner runner = context.getBean(MigrationRunner.class);
      assertThat(runner.getStatus(REGULAR).orElseThrow().status())
          .isEqualTo(MigrationState.COMPLETED);
      assertThat(output).contains("none above version 1 (lms.migrations.target-version)");
      RunRules rules = context.getBean(BackgroundMigrationsLifecycle.class).rules();
      assertThat(rules.targetVersion()).isEqualTo(1);

      // A worker round under the rules the application's workers run with.
      assertThat(runner.background().runNext(() -> false, rules)).isEmpty();

      assertUntouched(db.database(), BACKGROUND);
    }
  }

  @Test
  void withRunOnStartupOffABackgroundV2IsNotAppliedWhileV1IsPending(
      TestDatabase db, CapturedOutput output) {
    insertEnrollments(db.database(), 500);

    try (ConfigurableApplicationContext context =
        start(db, "lms.migrations.run-on-startup=false")) {
      assertThat(output)
          .contains(
              "Background migrations ["
                  + BACKGROUND
                  + "] are not run by this instance: migrations are not applied automatically"
                  + " here (lms.migrations.run-on-startup=false)");
      RunRules rules = context.getBean(BackgroundMigrationsLifecycle.class).rules();
      assertThat(context.getBean(MigrationRunner.class).background().runNext(() -> false, rules))
          .isEmpty();
      assertUntouched(db.database(), BACKGROUND, REGULAR);
    }
  }

  @Test
  void aTenantWhoseStartupFailedHoldsBackOnlyItsOwnBackgroundMigration() {
    String prefix = TestMongo.newDatabaseName("bgrules").substring(0, 20) + "_";
    String schoolA = prefix + "a";
    String schoolB = prefix + "b";
    MongoDatabase a = TestMongo.client().getDatabase(schoolA);
    MongoDatabase b = TestMongo.client().getDatabase(schoolB);
    insertEnrollments(a, 500);
    insertEnrollments(b, 500);
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TenantsApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.mongodb.uri=" + TestMongo.uri(prefix + "home"),
                "management.health.mongodb.enabled=false",
                "lms.migrations.background.poll-interval=100ms",
                "lms.migrations.fail-on-error=false",
                "lms.migrations.tenants.databases=" + schoolA + "," + schoolB)
            .run()) {
      TenantMigrations tenants = context.getBean(TenantMigrations.class);
      assertThat(tenants.runner(schoolB).getStatus(REGULAR).orElseThrow().status())
          .isEqualTo(MigrationState.FAILED);

      Poll.until(
          "tenant a's background migration to complete",
          Duration.ofSeconds(60),
          () -> tenants.runner(schoolA).getStatus(BACKGROUND).orElseThrow().isApplied());
      assertThat(a.getCollection("enrollments").countDocuments(Filters.eq("times", 1)))
          .isEqualTo(500);

      // A worker round for tenant b under the workers' rules: its failed v1 holds v2 back.
      RunRules rules = context.getBean(BackgroundMigrationsLifecycle.class).rules();
      assertThat(tenants.runner(schoolB).background().runNext(() -> false, rules)).isEmpty();
      assertUntouched(b, BACKGROUND);
      Document failed = b.getCollection("lms_migrations").find(Filters.eq("_id", REGULAR)).first();
      assertThat(failed.getString("status")).isEqualTo("FAILED");
    } finally {
      TestMongo.dropDatabasesStartingWith(prefix);
    }
  }

  private static ConfigurableApplicationContext start(TestDatabase db, String... properties) {
    return new SpringApplicationBuilder(
            BackgroundMigrationsStartupTests.BackgroundTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.mongodb.uri=" + db.uri(),
            "management.health.mongodb.enabled=false",
            "lms.migrations.background.poll-interval=100ms")
        .properties(properties)
        .run();
  }

  /** No document changed, no status, lease or control document for the named migrations. */
  private static void assertUntouched(MongoDatabase database, String... migrations) {
    assertThat(database.getCollection("enrollments").countDocuments(Filters.exists("level")))
        .isZero();
    assertThat(database.getCollection("enrollments").countDocuments()).isEqualTo(500);
    assertThat(database.getCollection("lms_migrations_lock").countDocuments()).isZero();
    for (String migration : migrations) {
      assertThat(
              database.getCollection("lms_migrations").countDocuments(Filters.eq("_id", migration)))
          .as("status document of %s", migration)
          .isZero();
    }
    assertThat(
            database
                .getCollection("lms_migrations_background")
                .countDocuments(Filters.eq("_id", BACKGROUND)))
        .isZero();
  }

  private static void insertEnrollments(MongoDatabase database, int count) {
    List<Document> enrollments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      enrollments.add(new Document("_id", i).append("courseId", "course-" + (i % 50)));
    }
    database.getCollection("enrollments").insertMany(enrollments);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class TenantsApplication {

    @Bean
    TestMigration addCourseIndex() {
      return TestMigration.of(
          REGULAR,
          1,
          ctx -> {
            if (ctx.mongoTemplate().getDb().getName().endsWith("_b")) {
              throw new IllegalStateException("school b has a course without a title");
            }
          },
          ctx -> {});
    }

    @Bean
    BackfillLevel backfillEnrollmentLevel() {
      return new BackfillLevel(null);
    }
  }
}
