package com.lms.sample.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.test.MigrationDatabaseReset;
import com.lms.migrations.test.MigrationTest;
import com.lms.migrations.test.MigrationTester;
import com.lms.migrations.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The whole sample on a real mongod, and one migration in a database of its own; needs Docker. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
@MigrationTest
class SampleMigrationsContainerTests {

  @Container @ServiceConnection
  static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image());

  @Autowired MigrationDatabaseReset database;

  /** The version startup reached, read before any test resets the database. */
  static int versionAtStartup;

  @BeforeAll
  static void beforeAnyReset(@Autowired MigrationRunner runner) {
    versionAtStartup = runner.info().currentVersion();
  }

  @BeforeEach
  void freshlyMigrated() {
    database.reset();
  }

  @Test
  void appliesTheNineMigrationsAtStartup() {
    assertThat(versionAtStartup).isEqualTo(9);
  }

  @Test
  void renamesCourseDescriptionsAndBack(MigrationTester db) {
    Document before = new Document("_id", "c1").append("description", "Sorting");
    db.migrateTo(5).insert("courses", before);

    db.apply(6);
    assertThat(db.documents("courses"))
        .containsExactly(new Document("_id", "c1").append("courseDescription", "Sorting"));

    db.rollback(6);
    assertThat(db.documents("courses")).containsExactly(before);
  }
}
