package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.query.Query;

@ExtendWith(MongoDatabaseExtension.class)
class RepairAndBaselineTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    runner = new MigrationRunner(db.template());
    for (int version = 1; version <= 4; version++) {
      runner.register(TestMigration.recording("m" + version, version));
    }
  }

  @Test
  void plansWhatUpAllAndRollbackToWouldDo() {
    runner.up("m1");
    runner.up("m3");

    assertThat(runner.info().plan())
        .containsExactly(
            new PlannedMigration("m2", 2, Direction.UP),
            new PlannedMigration("m4", 4, Direction.UP));
    assertThat(runner.info().plan(3)).containsExactly(new PlannedMigration("m2", 2, Direction.UP));
    assertThat(runner.planRollbackTo(0))
        .containsExactly(
            new PlannedMigration("m3", 3, Direction.DOWN),
            new PlannedMigration("m1", 1, Direction.DOWN));
  }

  @Test
  void baselineRecordsMigrationsUpToTheVersionWithoutRunningThem() {
    assertThat(runner.info().hasHistory()).isFalse();

    var recorded = runner.onBehalfOf("ops").baseline(2);

    assertThat(recorded).extracting(MigrationStatus::name).containsExactly("m1", "m2");
    assertThat(runner.getStatus("m2").orElseThrow().status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.getStatus("m3").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
    assertThat(db.template().count(new Query(), "effects")).isZero();
    assertThat(runner.getHistory("m1"))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.action()).isEqualTo("BASELINE");
              assertThat(entry.manual()).isTrue();
              assertThat(entry.principal()).isEqualTo("ops");
            });
    assertThat(runner.upAll()).extracting(MigrationStatus::name).containsExactly("m3", "m4");
  }

  @Test
  void baselineIsRefusedOnADatabaseWithHistory() {
    runner.up("m1");

    assertThatThrownBy(() -> runner.baseline(3))
        .isInstanceOf(BaselineNotAllowedException.class)
        .hasMessageContaining("'lms_migrations' collection already has migration history");
    assertThat(runner.getStatus("m2").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
  }

  @Test
  void markAppliedRecordsWithoutRunningAndIsRecordedAsManual() {
    MigrationStatus status = runner.onBehalfOf("alice").markApplied("m2");

    assertThat(status.status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(db.template().count(new Query(), "effects")).isZero();
    assertThat(runner.getHistory("m2"))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.action()).isEqualTo("MARK_APPLIED");
              assertThat(entry.manual()).isTrue();
              assertThat(entry.principal()).isEqualTo("alice");
            });
  }

  @Test
  void markPendingRecordsWithoutRollingBackAndClearsTheError() {
    runner.register(
        TestMigration.of(
            "broken",
            5,
            ctx -> {
              throw new IllegalStateException("boom");
            },
            ctx -> {}));
    runner.upTo(4);
    assertThatThrownBy(() -> runner.up("broken")).isInstanceOf(MigrationFailedException.class);

    MigrationStatus status = runner.markPending("broken");

    assertThat(status)
        .isEqualTo(new MigrationStatus("broken", 5, MigrationState.PENDING, null, null, null));
    assertThat(runner.getHistory("broken"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP", "MARK_PENDING");
    runner.markPending("m4");
    assertThat(db.template().count(new Query(), "effects")).isEqualTo(4);
  }

  @Test
  void repairOfAnUnknownMigrationIsAnError() {
    assertThatThrownBy(() -> runner.markApplied("nope"))
        .isInstanceOf(UnknownMigrationException.class);
  }
}
