package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.test.MigrationDatabaseReset;
import com.lms.migrations.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Resetting the context's database between tests, on a database the test run created. */
@DataMongoTest
class MigrationDatabaseResetTests {

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(TestMongo.newDatabaseName("reset")));
  }

  @Autowired private MigrationDatabaseReset database;

  @Autowired private MigrationRunner runner;

  @Autowired private MongoTemplate mongo;

  @BeforeEach
  void freshlyMigrated() {
    database.reset();
  }

  @Test
  void resetDropsTheTestsDataAndAppliesTheMigrationsAgain() {
    mongo.insert(new Document("_id", "c1"), "courses");

    database.reset();

    assertThat(mongo.getCollection("courses").countDocuments()).isZero();
    assertThat(runner.info().currentVersion()).isEqualTo(2);
    assertThat(runner.getHistory("create_catalog")).hasSize(1);
    assertThat(mongo.findById("catalog", Document.class, "catalog")).isNotNull();
  }

  @Test
  void resetToAVersionAppliesTheMigrationsUpToIt() {
    database.resetTo(1);

    assertThat(runner.info().currentVersion()).isEqualTo(1);
    assertThat(runner.getStatus("add_course_level").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
  }

  @Test
  void resetToZeroLeavesTheDatabaseEmpty() {
    mongo.insert(new Document("_id", "c1"), "courses");

    database.resetTo(0);

    assertThat(database.collectionNames()).isEmpty();
    assertThat(mongo.getCollectionNames()).containsExactly(MigrationDatabaseReset.OWNER_COLLECTION);
  }

  @Test
  void resetToAnUnknownVersionFailsNamingTheKnownVersionsAndDropsNothing() {
    mongo.insert(new Document("_id", "c1"), "courses");

    assertThatThrownBy(() -> database.resetTo(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot reset to version 5: no migration has that version. Known versions: 1, 2; 0"
                + " leaves the database empty.");
    assertThat(mongo.getCollection("courses").countDocuments()).isEqualTo(1);
  }
}
