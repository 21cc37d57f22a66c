package com.lms.sample.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.test.MigrationTest;
import com.lms.migrations.test.MigrationTester;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** v6 given courses as version 5 leaves them: fixtures, apply, assert, roll back, assert. */
@MigrationTest(packages = "com.lms.sample.migrations")
class RenameCourseDescriptionMigrationTests {

  @Test
  void renamesDescriptionAndRollsBackToTheOldName(MigrationTester db) {
    Document course =
        new Document("_id", "c1").append("title", "Algorithms").append("description", "Sorting");
    Document withoutDescription = new Document("_id", "c2").append("title", "Ecology");
    db.migrateTo(5).insert("courses", course, withoutDescription);

    db.apply(6);
    assertThat(db.documents("courses"))
        .containsExactly(
            new Document("_id", "c1")
                .append("title", "Algorithms")
                .append("courseDescription", "Sorting"),
            withoutDescription);

    db.rollback(6);
    assertThat(db.documents("courses")).containsExactly(course, withoutDescription);
  }

  @Test
  void isReversibleOnCoursesAtVersion5(MigrationTester db) {
    db.migrateTo(5)
        .insert(
            "courses",
            new Document("_id", "c1")
                .append("title", "Algorithms")
                .append("description", "Sorting"));

    db.assertReversible(6);
  }
}
