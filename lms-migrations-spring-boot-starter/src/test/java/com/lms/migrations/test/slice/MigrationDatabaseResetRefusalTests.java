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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A database that held data before the test context started is not the tests' to drop. */
@DataMongoTest
class MigrationDatabaseResetRefusalTests {

  static final String DATABASE = TestMongo.newDatabaseName("existing");

  @DynamicPropertySource
  static void existingDatabase(DynamicPropertyRegistry registry) {
    invoices()
        .replaceOne(
            new Document("_id", "i1"),
            new Document("_id", "i1").append("total", 12),
            new ReplaceOptions().upsert(true));
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(DATABASE));
  }

  @Autowired private MigrationDatabaseReset database;

  @Autowired private MigrationRunner runner;

  @Test
  void refusesADatabaseThatHeldCollectionsWhenTheContextStarted() {
    long invoices = invoices().countDocuments();

    assertThatThrownBy(database::reset)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Refusing to reset database '"
                + DATABASE
                + "': it already held collections when the test context started [invoices] and it"
                + " has no ownership marker of this test run, so it may not have been created for"
                + " these tests and dropping its collections could destroy data. The reset only"
                + " drops a database that this test run found empty and marked as its own. Point"
                + " the tests at a database of their own (a"
                + " Testcontainers container with @ServiceConnection, an in-memory server, or a"
                + " spring.mongodb.database used by nothing else), or call"
                + " allowingExistingDatabase() if every collection in it may be dropped.");
    assertThat(invoices().countDocuments()).isEqualTo(invoices);
    assertThat(runner.info().currentVersion()).isEqualTo(2);
  }

  @Test
  void resetsItWhenAskedExplicitly() {
    database.allowingExistingDatabase().reset();

    assertThat(invoices().countDocuments()).isZero();
    assertThat(runner.info().currentVersion()).isEqualTo(2);
  }

  private static MongoCollection<Document> invoices() {
    return TestMongo.client().getDatabase(DATABASE).getCollection("invoices");
  }
}
