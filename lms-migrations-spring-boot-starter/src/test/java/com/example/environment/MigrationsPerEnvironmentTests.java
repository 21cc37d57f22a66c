package com.example.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.deploy.InactiveMigration;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A migration this environment leaves out on purpose (a profile) is neither pending nor missing,
 * and its record, made where it is active, is neither reported missing nor rolled back.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationsPerEnvironmentTests {

  private TestDatabase db;
  private ApplicationContextRunner contextRunner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    contextRunner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class,
                    MigrationsAutoConfiguration.class))
            .withUserConfiguration(EnvironmentApplication.class)
            .withPropertyValues("spring.mongodb.uri=" + db.uri());
  }

  @Test
  void aProfileInactiveMigrationIsNotInThisEnvironmentAndItsRecordIsLeftAlone() {
    contextRunner
        .withPropertyValues("spring.profiles.active=demo", "lms.test.sample-data=true")
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(context.getBean(MigrationRunner.class).inactiveHere()).isEmpty();
            });
    assertThat(
            db.database()
                .getCollection("courses")
                .countDocuments(new Document("_id", "demo-course")))
        .isEqualTo(1);

    contextRunner.run(
        context -> {
          assertThat(context).hasNotFailed();
          MigrationRunner runner = context.getBean(MigrationRunner.class);
          context.getBean(MigrationStartupRunner.class).run(null);

          assertThat(runner.inactiveHere())
              .containsExactlyInAnyOrder(
                  new InactiveMigration(
                      DemoSeedMigration.class.getName(),
                      "profile 'demo' is not active (active: none)"),
                  new InactiveMigration(
                      SampleDataMigration.class.getName(),
                      "its condition @ConditionalOnProperty does not match here"));
          assertThat(runner.validate().findings()).as("not missing").isEmpty();
          assertThat(runner.info().migrations())
              .extracting(MigrationStatus::name)
              .containsExactly("index_courses");
          assertThat(runner.info().pending()).isEmpty();

          runner.rollbackTo(0);
        });

    assertThat(
            db.database()
                .getCollection("courses")
                .countDocuments(new Document("_id", "demo-course")))
        .as("not rolled back where it is not active")
        .isEqualTo(1);
    assertThat(
            db.database()
                .getCollection("lms_migrations")
                .find(new Document("_id", "seed_demo_courses"))
                .first())
        .containsEntry("status", "COMPLETED")
        .containsEntry("class", DemoSeedMigration.class.getName());
  }
}
