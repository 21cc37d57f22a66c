package com.lms.sample.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationLogEntry;
import com.lms.migrations.test.MigrationTest;
import com.lms.migrations.test.MigrationTester;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** v7 given courses as version 6 leaves them: fixtures, apply, assert, roll back, assert. */
@MigrationTest(packages = "com.lms.sample.migrations")
class ConvertCreditsToNumberMigrationTests {

  private static final List<Document> COURSES_AT_V6 =
      List.of(
          course("c1", "Algorithms").append("credits", "3"),
          course("c2", "Statistics").append("credits", " 1.5"),
          course("c3", "Genetics").append("credits", "three"));

  @Test
  void convertsCreditsToNumbersAndRollsBackToTheExactStrings(MigrationTester db) {
    db.migrateTo(6).insert("courses", copies(COURSES_AT_V6));

    db.apply(7);
    assertThat(db.documents("courses"))
        .extracting(course -> course.get("credits"))
        .containsExactly(3, 1.5, "three");

    db.rollback(7);
    assertThat(db.documents("courses")).isEqualTo(COURSES_AT_V6);
    assertThat(db.mongoTemplate().collectionExists(ConvertCreditsToNumber.ORIGINALS)).isFalse();
  }

  @Test
  void reportsCreditsThatAreNotNumbers(MigrationTester db) {
    db.migrateTo(6).insert("courses", copies(COURSES_AT_V6));

    db.apply(7);

    assertThat(db.runner().getLogs("convert_credits_to_number"))
        .extracting(MigrationLogEntry::message)
        .contains(
            "Course c3 has credits 'three', which is not a number; left unchanged",
            "Converted credits of 2 courses; 1 left unchanged");
  }

  @Test
  void isReversibleOnCoursesAtVersion6(MigrationTester db) {
    db.migrateTo(6).insert("courses", copies(COURSES_AT_V6));

    db.assertReversible(7);
  }

  private static Document course(String id, String title) {
    return new Document("_id", id)
        .append("title", title)
        .append("courseDescription", title + " for beginners")
        .append("tags", List.of());
  }

  private static Document[] copies(List<Document> documents) {
    return documents.stream().map(Document::new).toArray(Document[]::new);
  }
}
