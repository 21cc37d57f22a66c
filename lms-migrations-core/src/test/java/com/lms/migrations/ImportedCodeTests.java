package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.testing.CompiledClasses;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A record imported from another tool gets the fingerprint of the code that replaces it. */
@ExtendWith(MongoDatabaseExtension.class)
class ImportedCodeTests {

  private static final String SOURCE =
      """
      package imported;

      public class AddCourseTags implements com.lms.migrations.Migration {
        public String name() { return "add_course_tags"; }
        public int version() { return 1; }
        public java.util.List<String> replaces() { return java.util.List.of("add-course-tags"); }
        public void up(com.lms.migrations.MigrationContext ctx) {
          ctx.mongoTemplate().getCollection("courses").insertOne(new org.bson.Document("tag", 1));
        }
        public void down(com.lms.migrations.MigrationContext ctx) {}
      }
      """;

  @TempDir Path classes;

  @Test
  void anImportedRecordGetsItsFingerprintWithoutAFinding(TestDatabase db) {
    db.database()
        .getCollection("mongockChangeLog")
        .insertOne(
            new Document("executionId", "2024-03-01-add-course-tags")
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
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(
                CompiledClasses.instantiate(
                    CompiledClasses.compile(SOURCE, classes),
                    "imported.AddCourseTags",
                    Migration.class))
            .build();

    runner.onBehalfOf("ops").importHistory(HistorySource.of(HistorySource.Tool.MONGOCK));
    runner.validateAndUpTo(Integer.MAX_VALUE);

    Document status = db.database().getCollection("lms_migrations").find().first();
    assertThat(status.getString("checksum")).startsWith("sha256:");
    assertThat(status.getString("classBytes")).startsWith("crc:");
    assertThat(runner.getHistory("add_course_tags"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::checksum)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("IMPORTED", status.getString("checksum")));
    assertThat(runner.validate().findings()).isEmpty();
    assertThat(db.database().getCollection("courses").countDocuments()).as("not run").isZero();
  }
}
