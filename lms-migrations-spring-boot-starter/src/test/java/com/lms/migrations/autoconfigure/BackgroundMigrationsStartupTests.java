package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Background migrations in a real application: they run after it is ready, never hold startup back,
 * stop between batches on shutdown for the next instance to carry on, and a failure leaves the
 * application serving with its health DOWN.
 */
@ExtendWith(MongoDatabaseExtension.class)
class BackgroundMigrationsStartupTests {

  private static final String NAME = "backfill_enrollment_level";

  /** Readiness as seen by the background migration when it first transforms a document. */
  static final List<ReadinessState> readinessSeen = new CopyOnWriteArrayList<>();

  /** Set by a test when the application is closing, to let a held batch end. */
  static final AtomicBoolean closing = new AtomicBoolean();

  /** The document a batch waits at until {@link #closing} is set; -1 for none. */
  static volatile int holdAt = -1;

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    readinessSeen.clear();
    closing.set(false);
    holdAt = -1;
  }

  @Test
  void theApplicationIsReadyBeforeA200kDocumentBackgroundMigrationRunsAndEveryDocumentIsDoneOnce() {
    insertEnrollments(200_000);

    try (ConfigurableApplicationContext context = start()) {
      MigrationRunner runner = context.getBean(MigrationRunner.class);
      assertThat(runner.getStatus("add_course_index").orElseThrow().status())
          .isEqualTo(MigrationState.COMPLETED);

      Poll.until(
          "the background migration to complete",
          Duration.ofMinutes(3),
          () -> runner.getStatus(NAME).orElseThrow().isApplied());

      assertThat(readinessSeen).containsExactly(ReadinessState.ACCEPTING_TRAFFIC);
      assertThat(enrollments().countDocuments(Filters.eq("times", 1))).isEqualTo(200_000);
      assertThat(runner.background().progress(NAME).processed()).isEqualTo(200_000);
    }
  }

  @Test
  void aBadDocumentFailsItWhileTheApplicationKeepsServingWithHealthDownNamingTheDocument() {
    insertEnrollments(2_000);
    enrollments().updateOne(Filters.eq("_id", 1_234), Updates.set("level", 3));

    try (ConfigurableApplicationContext context = start()) {
      MigrationRunner runner = context.getBean(MigrationRunner.class);
      Poll.until(
          "the background migration to fail",
          Duration.ofSeconds(60),
          () -> runner.background().progress(NAME).state() == BackgroundState.FAILED);

      assertThat(context.isActive()).isTrue();
      assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
          .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
      Health health =
          context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().get("failed"))
          .asString()
          .contains(NAME)
          .contains("could not transform document _id=1234")
          .contains("level is already set to 3");
      assertThat(enrollments().countDocuments(Filters.eq("times", 1))).isEqualTo(1_000);
    }
  }

  @Test
  void shutdownStopsItBetweenBatchesAndTheNextInstanceCarriesOnFromTheCheckpoint() {
    insertEnrollments(10_000);
    holdAt = 3_200;

    ConfigurableApplicationContext first = start();
    MigrationRunner firstRunner = first.getBean(MigrationRunner.class);
    Poll.until(
        "the first instance to be in the middle of a batch",
        Duration.ofSeconds(60),
        () -> firstRunner.background().progress(NAME).processed() >= 3_000);
    closing.set(true);
    first.close();

    MigrationRunner observer = new MigrationRunner(db.newTemplate());
    observer.register(new BackfillLevel(null));
    assertThat(observer.getStatus(NAME).orElseThrow().status()).isEqualTo(MigrationState.PENDING);
    // It stops after the batch being written when the stop is seen: batch 3 or batch 4.
    long done = enrollments().countDocuments(Filters.eq("times", 1));
    assertThat(done).isIn(3_000L, 4_000L);
    assertThat(observer.background().progress(NAME).processed()).isEqualTo(done);
    assertThat(observer.getHistory(NAME).get(0).action()).isEqualTo("SUSPENDED");

    try (ConfigurableApplicationContext second = start()) {
      MigrationRunner runner = second.getBean(MigrationRunner.class);
      Poll.until(
          "the second instance to complete it",
          Duration.ofSeconds(60),
          () -> runner.getStatus(NAME).orElseThrow().isApplied());
    }
    assertThat(enrollments().countDocuments(Filters.eq("times", 1))).isEqualTo(10_000);
    assertThat(db.database().getCollection("lms_migrations_lock").countDocuments()).isZero();
  }

  /**
   * What a Spring Boot DevTools restart does: the context closes and a new one starts on the same
   * database in the same JVM.
   */
  @Test
  void aRestartOnTheSameDatabaseReRunsNothingAndTheOldWorkerIsStopped() {
    insertEnrollments(2_000);
    long workersBefore = liveWorkerThreads();

    ConfigurableApplicationContext first = start();
    MigrationRunner firstRunner = first.getBean(MigrationRunner.class);
    Poll.until(
        "the background migration to complete",
        Duration.ofSeconds(60),
        () -> firstRunner.getStatus(NAME).orElseThrow().isApplied());
    first.close();
    assertThat(liveWorkerThreads()).isEqualTo(workersBefore);

    try (ConfigurableApplicationContext second = start()) {
      MigrationRunner runner = second.getBean(MigrationRunner.class);
      assertThat(runner.getHistory("add_course_index"))
          .extracting(MigrationHistoryEntry::action)
          .containsExactly("UP");
      assertThat(runner.getHistory(NAME))
          .extracting(MigrationHistoryEntry::action)
          .containsExactly("UP");
      assertThat(liveWorkerThreads()).isEqualTo(workersBefore + 1);
    }
    assertThat(enrollments().countDocuments(Filters.eq("times", 1))).isEqualTo(2_000);
    assertThat(db.database().getCollection("effects").countDocuments()).isEqualTo(1);
  }

  private static long liveWorkerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().equals("lms-migrations-background"))
        .count();
  }

  @Test
  void aMigrationRequiringAnUnfinishedBackgroundOneReportsItWithTheProperty() {
    insertEnrollments(100);
    db.database()
        .getCollection("lms_migrations_background")
        .insertOne(new Document("_id", NAME).append("paused", true));

    try (ConfigurableApplicationContext context =
        start(
            "lms.migrations.fail-on-error=false",
            "spring.main.sources=" + RequiringApplication.class.getName())) {
      Health health =
          context.getBean("migrationsHealthIndicator", HealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(String.valueOf(health.getDetails().get("startupError")))
          .isEqualTo(
              "Migration 'add_level_index' (version 3) requires background migration '"
                  + NAME
                  + "', which has not completed ("
                  + NAME
                  + ": paused). The migrations below it were applied; it and those after it were"
                  + " not run. Let it finish (its progress: GET /actuator/migrations/"
                  + NAME
                  + ") and run again, or set lms.migrations.required-wait-time to wait for it"
                  + " at startup.");
      assertThat(
              context
                  .getBean(MigrationRunner.class)
                  .getStatus("add_level_index")
                  .orElseThrow()
                  .status())
          .isEqualTo(MigrationState.PENDING);
    }
  }

  private ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(BackgroundTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.mongodb.uri=" + db.uri(),
            "management.health.mongodb.enabled=false",
            "lms.migrations.background.poll-interval=100ms")
        .properties(properties)
        .run();
  }

  private void insertEnrollments(int count) {
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(new Document("_id", i).append("courseId", "course-" + (i % 50)));
      if (batch.size() == 10_000) {
        enrollments().insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      enrollments().insertMany(batch);
    }
  }

  private MongoCollection<Document> enrollments() {
    return db.database().getCollection("enrollments");
  }

  /**
   * Sets each enrollment's level, counting in {@code times} how often each was done; refuses one
   * whose level is already set.
   */
  static final class BackfillLevel implements BackgroundMigration {

    private final ObjectProvider<ApplicationAvailability> availability;

    BackfillLevel(ObjectProvider<ApplicationAvailability> availability) {
      this.availability = availability;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public int version() {
      return 2;
    }

    @Override
    public void up(MigrationContext context) throws Exception {
      if (availability != null) {
        readinessSeen.add(availability.getObject().getReadinessState());
      }
      context
          .batch("enrollments")
          .batchSize(1_000)
          .run(
              enrollment -> {
                if (enrollment.get("level") != null) {
                  throw new IllegalStateException(
                      "level is already set to " + enrollment.get("level"));
                }
                if (enrollment.getInteger("_id") == holdAt) {
                  Poll.until("the application to close", Duration.ofSeconds(60), closing::get);
                }
                return List.of(
                    new UpdateOneModel<Document>(
                        Filters.eq("_id", enrollment.get("_id")),
                        Updates.combine(
                            Updates.set("level", "beginner"), Updates.inc("times", 1))));
              });
    }

    @Override
    public void down(MigrationContext context) {
      context
          .mongoTemplate()
          .getCollection("enrollments")
          .updateMany(
              Filters.empty(), Updates.combine(Updates.unset("level"), Updates.unset("times")));
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class BackgroundTestApplication {

    @Bean
    TestMigration addCourseIndex() {
      return TestMigration.recording("add_course_index", 1);
    }

    @Bean
    BackfillLevel backfillEnrollmentLevel(ObjectProvider<ApplicationAvailability> availability) {
      return new BackfillLevel(availability);
    }
  }

  @SpringBootConfiguration
  static class RequiringApplication {

    @Bean
    TestMigration addLevelIndex() {
      return TestMigration.recording("add_level_index", 3).requiring(NAME);
    }
  }
}
