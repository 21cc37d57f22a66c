package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.autoconfigure.MigrationRunnerCustomizer;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The configuration page's {@code MigrationRunnerCustomizer}: migrations that are not beans are
 * registered and applied at startup, and the listener it adds hears them.
 */
@ExtendWith(MongoDatabaseExtension.class)
class RunnerCustomizerGuideTests {

  @Test
  void aCustomizerRegistersMigrationsThatAreNotBeansAndAddsAListener(TestDatabase db) {
    SlackNotifier.heard.clear();

    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MongoAutoConfiguration.class,
                DataMongoAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        .withPropertyValues(
            "spring.mongodb.uri=" + db.uri(), "lms.migrations.startup.phase=refresh")
        .withUserConfiguration(CustomizerConfiguration.class)
        .run(
            context -> {
              MigrationRunner runner = context.getBean(MigrationRunner.class);
              assertThat(runner.getStatus("legacy_one"))
                  .hasValueSatisfying(
                      status -> assertThat(status.status()).isEqualTo(MigrationState.COMPLETED));
              assertThat(SlackNotifier.heard).containsExactly("legacy_one", "legacy_two");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfiguration {

    // tag::runner-customizer[]
    @Bean
    MigrationRunnerCustomizer legacyMigrations() {
      return builder -> builder.migrations(LegacyMigrations.all()).listener(new SlackNotifier());
    }
    // end::runner-customizer[]
  }

  /** Migrations kept in a library, not Spring beans. */
  static final class LegacyMigrations {

    static List<Migration> all() {
      return List.of(
          TestMigration.recording("legacy_one", 1), TestMigration.recording("legacy_two", 2));
    }
  }

  /** A listener, as one posting to a chat would be. */
  static final class SlackNotifier implements MigrationListener {

    static final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void migrationFinished(MigrationExecution execution) {
      heard.add(execution.name());
    }
  }
}
