package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.test.MigrationDatabaseReset;
import com.lms.migrations.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code spring.data.mongodb.auto-index-creation=true} the template creates an entity's
 * collection when it is built: the database is still the tests' own, since it was empty before.
 */
@DataMongoTest(properties = "spring.data.mongodb.auto-index-creation=true")
class MigrationDatabaseResetAutoIndexTests {

  static final String DATABASE = TestMongo.newDatabaseName("autoindex");

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(DATABASE));
  }

  @Autowired private MigrationDatabaseReset database;

  @Autowired private MigrationRunner runner;

  @Autowired private MongoTemplate mongo;

  @Test
  void resetsADatabaseWhoseEntityIndexesWereCreatedAtStartup() {
    assertThat(mongo.collectionExists("indexed_courses")).isTrue();
    mongo.insert(new Document("_id", "c1"), "courses");

    database.reset();

    assertThat(mongo.getCollection("courses").countDocuments()).isZero();
    assertThat(runner.info().currentVersion()).isEqualTo(2);
  }
}
