package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MongoDatabaseExtension.class)
class BackupTests {

  private TestDatabase db;
  private MigrationRunner runner;
  private boolean failAfterTransform;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
                "flatten_courses",
                1,
                ctx -> {
                  ctx.backup("courses", Filters.exists("meta"));
                  db.database()
                      .getCollection("courses")
                      .updateMany(
                          Filters.exists("meta"),
                          Updates.combine(Updates.unset("meta"), Updates.set("flattened", true)));
                  if (failAfterTransform) {
                    throw new IllegalStateException("crashed after transforming");
                  }
                },
                ctx -> ctx.restore("courses"))
            .nonTransactional());
  }

  @Test
  void backupThenRestoreLeavesDocumentsByteIdentical() {
    List<RawBsonDocument> before = insertCourses(1500);

    runner.upAll();
    assertThat(db.database().getCollection("lms_backup_flatten_courses_courses").countDocuments())
        .isEqualTo(1000);
    assertThat(db.database().getCollection("courses").countDocuments(Filters.eq("flattened", true)))
        .isEqualTo(1000);

    runner.down("flatten_courses");

    assertThat(rawCourses()).isEqualTo(before);
    assertThat(db.database().listCollectionNames())
        .doesNotContain("lms_backup_flatten_courses_courses");
  }

  @Test
  void runningUpAgainKeepsTheFirstBackupCopy() {
    List<RawBsonDocument> before = insertCourses(20);
    failAfterTransform = true;
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    failAfterTransform = false;
    runner.upAll();
    runner.down("flatten_courses");

    assertThat(rawCourses()).isEqualTo(before);
  }

  private List<RawBsonDocument> insertCourses(int count) {
    List<Document> courses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Document course = new Document("_id", i).append("title", "Course " + i);
      if (i % 3 != 2) {
        course.append(
            "meta",
            new Document("owner", new ObjectId())
                .append("created", new Date(1_700_000_000_000L + i))
                .append("price", new Decimal128(new BigDecimal("19.90")))
                .append("tags", List.of("a", i, 2.5, new Document("nested", true)))
                .append("nothing", null));
      }
      course.append("last", "field order matters");
      courses.add(course);
    }
    db.database().getCollection("courses").insertMany(courses);
    return rawCourses();
  }

  private List<RawBsonDocument> rawCourses() {
    return db.database()
        .getCollection("courses", RawBsonDocument.class)
        .find()
        .sort(Sorts.ascending("_id"))
        .into(new ArrayList<>());
  }
}
