package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The migration of the guide's page on coming from Mongock takes over Mongock's change. */
@ExtendWith(MongoDatabaseExtension.class)
class ComingFromMongockGuideTests {

  @Test
  void aMigrationReplacingAnAppliedMongockChangeIsImportedAndNotRunAgain(TestDatabase db) {
    db.database()
        .getCollection("mongockChangeLog")
        .insertOne(
            new Document("executionId", "2024-03-01T10:15:30.123-add-course-tags")
                .append("changeId", "add-course-tags")
                .append("author", "alice")
                .append("timestamp", new Date())
                .append("state", "EXECUTED")
                .append("type", "EXECUTION")
                .append("changeLogClass", "com.example.AddCourseTagsChange")
                .append("changeSetMethod", "execution")
                .append("executionMillis", 12L)
                .append("executionHostname", "pod-1")
                .append("systemChange", false));
    Document course = new Document("_id", "c1").append("title", "Algorithms");
    db.database().getCollection("courses").insertOne(course);
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new AddCourseTags());

    List<MigrationStatus> imported =
        runner.onBehalfOf("ops").importHistory(HistorySource.of(HistorySource.Tool.MONGOCK));
    List<MigrationStatus> applied = runner.upAll();

    assertThat(imported).extracting(MigrationStatus::name).containsExactly("add_course_tags");
    assertThat(applied).isEmpty();
    assertThat(runner.getStatus("add_course_tags").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(db.database().getCollection("courses").find()).containsExactly(course);
  }

  @Test
  void withoutMongockHistoryTheMigrationRunsAsItsMongockChangeDid(TestDatabase db) {
    db.database().getCollection("courses").insertOne(new Document("_id", "c1"));
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new AddCourseTags());

    runner.upAll();
    assertThat(db.database().getCollection("courses").find())
        .containsExactly(new Document("_id", "c1").append("tags", List.of()));

    runner.down("add_course_tags");
    assertThat(db.database().getCollection("courses").find())
        .containsExactly(new Document("_id", "c1"));
  }
}
