package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A plain {@code @DataMongoTest}: nothing but the annotation and a database. */
@DataMongoTest
class DataMongoTestMigrationsTests {

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(TestMongo.newDatabaseName("slice")));
  }

  @Autowired private ApplicationContext context;

  @Autowired private MigrationRunner runner;

  @Autowired private MongoTemplate mongo;

  @Test
  void appliesTheApplicationsMigrationsWhenTheContextStarts() {
    assertThat(runner.info().migrations())
        .extracting(MigrationStatus::name, MigrationStatus::status)
        .containsExactly(
            tuple("create_catalog", MigrationState.COMPLETED),
            tuple("add_course_level", MigrationState.COMPLETED));
    assertThat(mongo.findById("catalog", Document.class, "catalog"))
        .containsEntry("title", "Courses");
  }

  @Test
  void findsTheMigrationComponentsThatTheSliceFilterLeavesOut() {
    assertThat(context.getBeansOfType(Migration.class))
        .containsOnlyKeys("createCatalog", "addCourseLevel");
  }

  @Test
  void leavesMigrationClassesThatAreNotComponentsAlone() {
    assertThat(context.getBeanNamesForType(ArchiveOldCourses.class)).isEmpty();
  }

  @Test
  void leavesOtherComponentsOutOfTheSlice() {
    assertThat(context.getBeanNamesForType(CatalogService.class)).isEmpty();
  }
}
