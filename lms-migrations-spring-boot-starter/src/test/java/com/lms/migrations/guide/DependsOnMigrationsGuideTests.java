package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.startup.DependsOnMigrations;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The configuration page's {@code @DependsOnMigrations} bean, with {@code startup.phase=refresh},
 * is created after the migrations and reads the migrated documents.
 */
@ExtendWith(MongoDatabaseExtension.class)
class DependsOnMigrationsGuideTests {

  @Test
  void aMarkedBeanLoadsTheMigratedDocumentsWhenItIsCreated(TestDatabase db) {
    db.template().insert(new Document("_id", "c1"), "courses");

    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MongoAutoConfiguration.class,
                DataMongoAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        .withPropertyValues(
            "spring.mongodb.uri=" + db.uri(), "lms.migrations.startup.phase=refresh")
        .withUserConfiguration(CatalogConfiguration.class)
        .run(
            context ->
                assertThat(context.getBean(CourseCatalogCache.class).courses())
                    .containsExactly(new Document("_id", "c1").append("tags", List.of())));
  }

  @Configuration(proxyBeanMethods = false)
  static class CatalogConfiguration {

    @Bean
    Migration addCourseTags() {
      return TestMigration.of(
          "add_course_tags",
          1,
          ctx ->
              ctx.mongoTemplate()
                  .updateMulti(new Query(), new Update().set("tags", List.of()), "courses"),
          ctx -> {});
    }

    // tag::depends-on-migrations[]
    @Bean
    @DependsOnMigrations
    CourseCatalogCache courseCatalogCache(MongoTemplate mongo) {
      return CourseCatalogCache.loadFrom(mongo); // reads the migrated documents
    }
    // end::depends-on-migrations[]
  }

  /** A cache filled once, when it is created, as caches warmed at startup are. */
  record CourseCatalogCache(List<Document> courses) {

    static CourseCatalogCache loadFrom(MongoTemplate mongo) {
      return new CourseCatalogCache(mongo.findAll(Document.class, "courses"));
    }
  }
}
