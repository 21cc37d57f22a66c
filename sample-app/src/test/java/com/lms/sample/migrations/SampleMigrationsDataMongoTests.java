package com.lms.sample.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.test.MigrationDatabaseReset;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A plain {@code @DataMongoTest} of the sample: its nine migrations run when the slice starts. */
@DataMongoTest
class SampleMigrationsDataMongoTests {

  static final MongoServer server = new MongoServer(new MemoryBackend());
  static final String uri = server.bindAndGetConnectionString() + "/lms";

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> uri);
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
  }

  @Autowired MigrationDatabaseReset database;
  @Autowired MongoTemplate mongo;

  /** What the slice applied when it started, read before any test resets the database. */
  static MigrationsInfo atStartup;

  @BeforeAll
  static void beforeAnyReset(@Autowired MigrationRunner runner) {
    atStartup = runner.info();
  }

  @BeforeEach
  void freshlyMigrated() {
    database.reset();
  }

  @Test
  void appliesTheNineMigrationsWhenTheSliceStarts() {
    assertThat(atStartup.currentVersion()).isEqualTo(9);
    assertThat(atStartup.pending()).isEmpty();
  }

  @Test
  void startsEachTestWithTheDefaultPermissions() {
    assertThat(mongo.count(new Query(), "permissions"))
        .isEqualTo(AddDefaultPermissions.PERMISSIONS.size());
  }

  @Test
  void letsATestChangeTheDataFreely() {
    mongo.remove(new Query(), "permissions");

    assertThat(mongo.count(new Query(), "permissions")).isZero();
  }
}
