package com.lms.sample.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The README's {@link InMemoryMongo} recipe gives Boot's Mongo beans and the migrations a server.
 */
class InMemoryMongoTests {

  @Test
  void bootsMongoAutoConfigurationAndTheMigrationsUseTheInMemoryServer() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MongoAutoConfiguration.class,
                DataMongoAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        .withUserConfiguration(InMemoryMongo.class)
        .withPropertyValues("lms.migrations.scan-packages=com.lms.sample.migrations")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MongoTemplate mongo = context.getBean(MongoTemplate.class);
              assertThat(mongo.getDb().getName()).isEqualTo("app");

              context.getBean(MigrationRunner.class).upAll();

              assertThat(context.getBean(MigrationRunner.class).info().currentVersion())
                  .isEqualTo(9);
              assertThat(mongo.collectionExists("lms_migrations")).isTrue();
            });
  }
}
