package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.autoconfigure.MigrationCommandAutoConfiguration;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@ExtendWith(MongoDatabaseExtension.class)
class MigrationCommandAutoConfigurationTests {

  private ApplicationContextRunner contextRunner;

  @BeforeEach
  void setUp(TestDatabase db) {
    contextRunner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class,
                    MigrationsAutoConfiguration.class,
                    MigrationCommandAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri());
  }

  @Test
  void aCommandReplacesTheStartupRunWithTheCommandRunner() {
    contextRunner
        .withPropertyValues("lms.migrations.command=status", "lms.migrations.name=add_tags")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MigrationCommandRunner.class);
              assertThat(context).doesNotHaveBean(MigrationStartupRunner.class);
              assertThat(context.getBean(MigrationCommandProperties.class).getName())
                  .isEqualTo("add_tags");
            });
  }

  @Test
  void backsOffWithoutACommand() {
    contextRunner.run(
        context -> {
          assertThat(context).doesNotHaveBean(MigrationCommandRunner.class);
          assertThat(context).doesNotHaveBean(MigrationCommandProperties.class);
          assertThat(context).hasSingleBean(MigrationStartupRunner.class);
        });
  }

  @Test
  void backsOffWithABlankCommand() {
    contextRunner
        .withPropertyValues("lms.migrations.command= ")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationCommandRunner.class));
  }

  @Test
  void backsOffWhenMigrationsAreDisabled() {
    contextRunner
        .withPropertyValues("lms.migrations.enabled=false", "lms.migrations.command=status")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationCommandRunner.class));
  }
}
