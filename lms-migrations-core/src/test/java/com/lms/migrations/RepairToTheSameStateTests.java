package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Marking a migration with the state it already has changes nothing and records nothing. */
@ExtendWith(MongoDatabaseExtension.class)
class RepairToTheSameStateTests {

  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("m1", 1));
  }

  @Test
  void markAppliedOfAnAppliedMigrationRecordsNothing() {
    MigrationStatus applied = runner.up("m1");

    MigrationStatus status = runner.onBehalfOf("alice").markApplied("m1");

    assertThat(status).isEqualTo(applied);
    assertThat(runner.getHistory("m1"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP");
  }

  @Test
  void markPendingOfAMigrationThatNeverRanRecordsNothing() {
    MigrationStatus status = runner.onBehalfOf("alice").markPending("m1");

    assertThat(status.status()).isEqualTo(MigrationState.PENDING);
    assertThat(runner.getHistory("m1")).isEmpty();
    assertThat(runner.info().hasHistory()).isFalse();
  }
}
