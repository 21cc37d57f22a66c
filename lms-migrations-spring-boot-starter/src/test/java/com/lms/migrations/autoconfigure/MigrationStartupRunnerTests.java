package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When the startup run counts as finished, which is when held web requests are let through. */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationStartupRunnerTests {

  @Test
  void aFailureThatStopsStartupNeverLetsRequestsThrough(TestDatabase db) {
    MigrationStartupRunner startup =
        new MigrationStartupRunner(new MigrationRunner(db.template()), failing(), true);

    assertThatThrownBy(() -> startup.run(null)).hasMessage("half migrated");
    assertThat(startup.isFinished()).isFalse();
  }

  @Test
  void aFailureTheApplicationSurvivesLetsRequestsThrough(TestDatabase db) {
    MigrationStartupRunner startup =
        new MigrationStartupRunner(new MigrationRunner(db.template()), failing(), false);

    startup.run(null);

    assertThat(startup.isFinished()).isTrue();
  }

  @Test
  void aSuccessLetsRequestsThrough(TestDatabase db) {
    MigrationStartupRunner startup =
        new MigrationStartupRunner(new MigrationRunner(db.template()), runner -> {}, true);
    assertThat(startup.isFinished()).as("before it ran").isFalse();

    startup.run(null);

    assertThat(startup.isFinished()).isTrue();
  }

  private static MigrationStartupStrategy failing() {
    return runner -> {
      throw new IllegalStateException("half migrated");
    };
  }
}
