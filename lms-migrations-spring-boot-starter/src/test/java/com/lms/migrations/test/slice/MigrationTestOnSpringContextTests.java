package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.test.MigrationDatabaseReset;
import com.lms.migrations.test.MigrationTest;
import com.lms.migrations.test.MigrationTester;
import com.lms.migrations.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @MigrationTest} on a full Spring Boot test: the context's migrations, on the context's
 * server.
 */
@SpringBootTest(properties = "management.health.mongodb.enabled=false")
@MigrationTest
class MigrationTestOnSpringContextTests {

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(TestMongo.newDatabaseName("boot")));
  }

  @Autowired private MongoTemplate applicationMongo;

  @Autowired private MigrationRunner applicationRunner;

  @Test
  void testsTheContextsMigrationsInADatabaseOfItsOwn(MigrationTester db) {
    db.insert("courses", new Document("_id", "c1")).migrateTo(1);

    db.apply(2);

    assertThat(db.runner().getMigrations())
        .extracting(Migration::name)
        .containsExactly("create_catalog", "add_course_level");
    assertThat(db.mongoTemplate().getDb().getName())
        .startsWith("lms_test_")
        .isNotEqualTo(applicationMongo.getDb().getName());
    assertThat(db.documents("courses"))
        .containsExactly(
            new Document("_id", "c1").append("level", "beginner").append("levelAdded", true));
    assertThat(applicationMongo.getCollection("courses").countDocuments()).isZero();
    assertThat(applicationRunner.info().currentVersion()).isEqualTo(2);
  }

  @Test
  void fullContextsHaveTheResetToo(@Autowired ApplicationContext context) {
    assertThat(context.getBeansOfType(MigrationDatabaseReset.class)).hasSize(1);
  }
}
