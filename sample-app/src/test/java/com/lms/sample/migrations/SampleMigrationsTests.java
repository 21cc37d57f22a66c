package com.lms.sample.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Query;

/** The sample's migrations on hand-made data, through the core API. */
@ExtendWith(MongoDatabaseExtension.class)
class SampleMigrationsTests {

  private MongoTemplate mongo;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    mongo = db.template();
    runner = new MigrationRunner(mongo);
  }

  @Test
  void enrollmentIndexesRefuseDuplicatesNamingThemAndChangeNothing() {
    mongo.insert(
        List.of(
            enrollment("e1", "course-1", "learner-1"),
            enrollment("e2", "course-1", "learner-1"),
            enrollment("e3", "course-2", "learner-9"),
            enrollment("e4", "course-2", "learner-9"),
            enrollment("e5", "course-2", "learner-9"),
            enrollment("e6", "course-3", "learner-1")),
        "enrollments");
    runner.register(new AddEnrollmentIndexes());

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("Found 2 (courseId, learnerId) pairs with more than one enrollment")
        .hasMessageContaining("course-1/learner-1 (2)")
        .hasMessageContaining("course-2/learner-9 (3)")
        .hasMessageContaining("no index was created");
    assertThat(mongo.indexOps("enrollments").getIndexInfo())
        .extracting(IndexInfo::getName)
        .containsExactly("_id_");
    assertThat(mongo.count(new Query(), "enrollments")).isEqualTo(6);
  }

  @Test
  void creditsRollBackExactlyToTheOriginalStringsOfTheConvertedCoursesOnly() {
    List<Document> original =
        List.of(
            new Document("_id", "a").append("credits", "3"),
            new Document("_id", "b").append("credits", " 4.50"),
            new Document("_id", "c").append("credits", "three"),
            new Document("_id", "d").append("credits", 5),
            new Document("_id", "e"));
    mongo.insert(original, "courses");
    runner.register(new ConvertCreditsToNumber());

    runner.upAll();
    assertThat(credits()).containsExactly(3, 4.5, "three", 5, null);
    assertThat(runner.getLogs("convert_credits_to_number"))
        .anySatisfy(
            entry -> {
              assertThat(entry.level()).isEqualTo("WARN");
              assertThat(entry.message()).contains("Course c has credits 'three'");
            });

    runner.down("convert_credits_to_number");
    assertThat(mongo.find(new Query().with(Sort.by("_id")), Document.class, "courses"))
        .isEqualTo(original);
    assertThat(mongo.collectionExists(ConvertCreditsToNumber.ORIGINALS)).isFalse();
  }

  @Test
  void tagRollbackKeepsTagsThatWereFilledIn() {
    mongo.insert(List.of(new Document("_id", "a"), new Document("_id", "b")), "courses");
    runner.register(new AddCourseTags());
    runner.upAll();
    mongo.updateFirst(
        Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is("b")),
        new org.springframework.data.mongodb.core.query.Update().push("tags", "java"),
        "courses");

    runner.down("add_course_tags");

    assertThat(mongo.findById("a", Document.class, "courses")).doesNotContainKey("tags");
    assertThat(mongo.findById("b", Document.class, "courses").getList("tags", String.class))
        .containsExactly("java");
  }

  @Test
  void permissionRollbackRemovesOnlyWhatItCreated() {
    mongo.insert(
        new Document("_id", "course:read")
            .append("description", "Custom")
            .append("createdBy", "admin"),
        "permissions");
    runner.register(new AddDefaultPermissions());

    runner.upAll();
    assertThat(mongo.count(new Query(), "permissions"))
        .isEqualTo(AddDefaultPermissions.PERMISSIONS.size());
    assertThat(
            mongo.findById("course:read", Document.class, "permissions").getString("description"))
        .isEqualTo("Custom");

    runner.down("add_default_permissions");
    assertThat(mongo.findAll(Document.class, "permissions"))
        .extracting(permission -> permission.get("_id"))
        .containsExactly("course:read");
  }

  @Test
  void masterDepartmentRollbackKeepsItAndSaysWhy() {
    runner.register(new BackfillDepartmentMaster());
    runner.upAll();

    assertThat(runner.down("backfill_department_master").status())
        .isEqualTo(MigrationState.PENDING);

    assertThat(mongo.findById(BackfillDepartmentMaster.ID, Document.class, "departments"))
        .isNotNull();
    assertThat(runner.getLogs("backfill_department_master"))
        .last()
        .satisfies(
            entry -> assertThat(entry.message()).startsWith("Keeping the Master Department"));
  }

  private List<Object> credits() {
    return mongo.find(new Query().with(Sort.by("_id")), Document.class, "courses").stream()
        .map(course -> course.get("credits"))
        .toList();
  }

  private static Document enrollment(String id, String course, String learner) {
    return new Document("_id", id)
        .append("courseId", course)
        .append("learnerId", learner)
        .append("status", "active");
  }
}
