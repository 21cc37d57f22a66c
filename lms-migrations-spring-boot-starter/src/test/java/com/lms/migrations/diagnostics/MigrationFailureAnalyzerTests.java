package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalysis;

@ExtendWith(MongoDatabaseExtension.class)
class MigrationFailureAnalyzerTests {

  @Test
  void anErrorThatEndsItsOwnSentenceGetsNoSecondFullStop(TestDatabase db) {
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(
                TestMigration.of(
                    "backfill_levels",
                    1,
                    context -> {
                      throw new IllegalStateException(
                          "Earlier batches are written; run the migration again to resume from"
                              + " there.");
                    },
                    context -> {}))
            .build();
    MigrationFailedException failure =
        catchThrowableOfType(MigrationFailedException.class, runner::upAll);

    FailureAnalysis analysis = new MigrationFailureAnalyzer().analyze(failure);

    assertThat(analysis.getDescription())
        .isEqualTo(
            "Migration 'backfill_levels' failed while applying: IllegalStateException: Earlier"
                + " batches are written; run the migration again to resume from there. It is"
                + " recorded as FAILED; later migrations were not applied.");
  }

  @Test
  void anErrorWithoutAFullStopGetsOne(TestDatabase db) {
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(
                TestMigration.of(
                    "backfill_levels",
                    1,
                    context -> {
                      throw new IllegalStateException("course c1 has no level");
                    },
                    context -> {}))
            .build();
    MigrationFailedException failure =
        catchThrowableOfType(MigrationFailedException.class, runner::upAll);

    FailureAnalysis analysis = new MigrationFailureAnalyzer().analyze(failure);

    assertThat(analysis.getDescription())
        .isEqualTo(
            "Migration 'backfill_levels' failed while applying: IllegalStateException: course c1"
                + " has no level. It is recorded as FAILED; later migrations were not applied.");
  }
}
