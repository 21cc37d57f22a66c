package com.lms.sample.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.test.MigrationTest;
import com.lms.migrations.test.MigrationTester;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The README's first test: v3 given courses as version 2 leaves them. */
@MigrationTest(packages = "com.lms.sample.migrations")
class AddCourseTagsMigrationTests {

  @Test
  void addsEmptyTagsAndRollsThemBack(MigrationTester db) {
    Document course = new Document("_id", "c1").append("title", "Algorithms");
    db.migrateTo(2).insert("courses", course);

    db.apply(3);
    assertThat(db.documents("courses"))
        .containsExactly(new Document(course).append("tags", List.of()));

    db.rollback(3);
    assertThat(db.documents("courses")).containsExactly(course);
  }
}
