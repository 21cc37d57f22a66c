package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.test.MigrationDatabaseReset;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code lms.migrations.database}, the reset resets the database the migrations run against,
 * as well as the application's.
 */
@DataMongoTest
class MigrationDatabaseResetOwnDatabaseTests {

  static final String APPLICATION = TestMongo.newDatabaseName("reset_app");

  static final String MIGRATIONS = TestMongo.newDatabaseName("reset_admin");

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(APPLICATION));
    registry.add("lms.migrations.database", () -> MIGRATIONS);
  }

  @Autowired private MigrationDatabaseReset database;

  @Autowired private MigrationRunner runner;

  @Autowired private MongoTemplate mongo;

  @Test
  void resetToZeroLeavesTheMigrationsDatabaseAtVersionZero() {
    assertThat(runner.getDatabaseName()).isEqualTo(MIGRATIONS);
    assertThat(runner.info().currentVersion()).isEqualTo(2);

    database.resetTo(0);

    assertThat(runner.info().currentVersion()).isZero();
    assertThat(migrations().listCollectionNames())
        .containsExactly(MigrationDatabaseReset.OWNER_COLLECTION);
  }

  @Test
  void resetDropsBothDatabasesAndAppliesTheMigrationsToTheirs() {
    migrations().getCollection("courses").insertOne(new Document("_id", "c1"));
    mongo.insert(new Document("_id", "i1"), "invoices");

    database.reset();

    assertThat(migrations().getCollection("courses").countDocuments()).isZero();
    assertThat(migrations().getCollection("catalog").countDocuments()).isEqualTo(1);
    assertThat(runner.info().currentVersion()).isEqualTo(2);
    assertThat(database.collectionNames()).isEmpty();
  }

  private static MongoDatabase migrations() {
    return TestMongo.client().getDatabase(MIGRATIONS);
  }
}
