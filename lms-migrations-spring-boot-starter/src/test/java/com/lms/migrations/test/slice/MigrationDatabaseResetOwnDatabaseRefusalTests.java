package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.test.MigrationDatabaseReset;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A migrations database ({@code lms.migrations.database}) that held data before the test context
 * started is not the tests' to drop, and then neither database is dropped.
 */
@DataMongoTest
class MigrationDatabaseResetOwnDatabaseRefusalTests {

  static final String MIGRATIONS = TestMongo.newDatabaseName("existing_admin");

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    invoices()
        .replaceOne(
            new Document("_id", "i1"),
            new Document("_id", "i1").append("total", 12),
            new ReplaceOptions().upsert(true));
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(TestMongo.newDatabaseName("reset_app")));
    registry.add("lms.migrations.database", () -> MIGRATIONS);
  }

  @Autowired private MigrationDatabaseReset database;

  @Autowired private MigrationRunner runner;

  @Autowired private MongoTemplate mongo;

  @Test
  void refusesAMigrationsDatabaseThatHeldCollectionsWhenTheContextStarted() {
    mongo.insert(new Document("_id", "c1"), "courses");

    assertThatThrownBy(() -> database.resetTo(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Refusing to reset database '"
                + MIGRATIONS
                + "': it already held collections when the test context started [invoices] and it"
                + " has no ownership marker of this test run");
    assertThat(invoices().countDocuments()).isEqualTo(1);
    assertThat(mongo.getCollection("courses").countDocuments()).isEqualTo(1);
    assertThat(runner.info().currentVersion()).isEqualTo(2);
  }

  private static MongoCollection<Document> invoices() {
    return TestMongo.client().getDatabase(MIGRATIONS).getCollection("invoices");
  }
}
