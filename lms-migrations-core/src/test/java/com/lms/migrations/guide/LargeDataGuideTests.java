package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.RequiredMigrationNotFinishedException;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The code of the guide's page on large data and background migrations (batch jobs, server-side
 * chunks, background migrations, backups) does what the page says.
 */
@ExtendWith(MongoDatabaseExtension.class)
class LargeDataGuideTests {

  @Test
  void theBatchJobComputesEachMissingLevelInJavaAndItsDownRemovesThem(TestDatabase db) {
    MongoCollection<Document> courses = db.database().getCollection("courses");
    courses.insertMany(
        List.of(
            new Document("_id", 1).append("credits", 6),
            new Document("_id", 2).append("credits", 3),
            new Document("_id", 3).append("credits", 2).append("level", "expert")));
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new BackfillCourseLevel());

    runner.upAll();

    assertThat(courses.find().into(new ArrayList<>()))
        .containsExactly(
            new Document("_id", 1).append("credits", 6).append("level", "advanced"),
            new Document("_id", 2).append("credits", 3).append("level", "beginner"),
            new Document("_id", 3).append("credits", 2).append("level", "expert"));

    runner.down("backfill_course_level");

    assertThat(courses.countDocuments(Filters.exists("level"))).isZero();
  }

  @Test
  void aServerSideUpdateSetsTheLevelOnlyWhereItIsMissing(TestDatabase db) {
    MongoCollection<Document> enrollments = db.database().getCollection("enrollments");
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      documents.add(new Document("_id", i));
    }
    enrollments.insertMany(documents);
    enrollments.updateOne(Filters.eq("_id", 7), Updates.set("level", "advanced"));
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
                "backfill_level",
                1,
                ctx -> {
                  // tag::server-side-update[]
                  ctx.batch("enrollments")
                      .filter(Filters.exists("level", false)) // a document done no longer matches
                      .batchSize(10_000) // documents per chunk
                      .update(Updates.set("level", "beginner")); // or update(pipeline), or delete()
                  // end::server-side-update[]
                },
                ctx -> {})
            .nonTransactional());

    runner.upAll();

    assertThat(enrollments.countDocuments(Filters.eq("level", "beginner"))).isEqualTo(24_999);
    assertThat(enrollments.find(Filters.eq("_id", 7)).first())
        .isEqualTo(new Document("_id", 7).append("level", "advanced"));
  }

  @Test
  void aRegularMigrationRequiringABackgroundOneRunsOnlyOnceTheBackfillCompleted(TestDatabase db) {
    MongoCollection<Document> enrollments = db.database().getCollection("enrollments");
    enrollments.insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new BackfillEnrollmentLevel());
    runner.register(new AddEnrollmentLevelIndex());

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(RequiredMigrationNotFinishedException.class)
        .hasMessageContaining(
            "Migration 'add_enrollment_level_index' (version 13) requires background migration"
                + " 'backfill_enrollment_level', which has not completed");
    assertThat(enrollments.countDocuments(Filters.exists("level"))).isZero();

    runner.up("backfill_enrollment_level");
    List<MigrationStatus> applied = runner.upAll();

    assertThat(applied)
        .extracting(MigrationStatus::name)
        .containsExactly("add_enrollment_level_index");
    assertThat(enrollments.countDocuments(Filters.eq("level", "beginner"))).isEqualTo(2);
    assertThat(enrollments.listIndexes().map(index -> index.getString("name"))).contains("level");

    runner.down("add_enrollment_level_index");
    runner.down("backfill_enrollment_level");

    assertThat(enrollments.listIndexes().map(index -> index.getString("name")))
        .doesNotContain("level");
    assertThat(enrollments.countDocuments(Filters.exists("level"))).isZero();
    assertThat(runner.getStatus("backfill_enrollment_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
  }

  @Test
  void aBackupLetsDownPutBackTheDocumentsTheDataAloneCannotRestore(TestDatabase db) {
    MongoCollection<Document> courses = db.database().getCollection("courses");
    List<Document> before =
        List.of(
            new Document("_id", "c1").append("credits", "3"),
            new Document("_id", "c2").append("credits", 4));
    courses.insertMany(before);
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new ConvertCredits());

    runner.upAll();

    assertThat(courses.find().into(new ArrayList<>()))
        .containsExactly(
            new Document("_id", "c1").append("credits", 3),
            new Document("_id", "c2").append("credits", 4));
    assertThat(db.database().getCollection("lms_backup_convert_credits_courses").find())
        .containsExactly(new Document("_id", "c1").append("credits", "3"));

    runner.down("convert_credits");

    assertThat(courses.find().into(new ArrayList<>())).isEqualTo(before);
    assertThat(db.database().listCollectionNames())
        .doesNotContain("lms_backup_convert_credits_courses");
  }
}
