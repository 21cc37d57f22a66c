package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMigration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning from a history read once: no database. */
class MigrationPlannerUnitTests {

  private final List<Migration> registered =
      List.of(
          TestMigration.recording("one", 1),
          TestMigration.recording("two", 2),
          TestMigration.recording("three", 3),
          TestMigration.recording("four", 4));

  @Test
  void appliesWhatIsNotCompletedUpToTheTargetInVersionOrder() {
    MigrationPlanner planner =
        planner(
            stored("one", 1, MigrationState.COMPLETED, Direction.UP),
            stored("two", 2, MigrationState.FAILED, Direction.UP),
            stored("three", 3, MigrationState.PENDING, Direction.DOWN));

    assertThat(planner.toApply(Integer.MAX_VALUE))
        .extracting(Migration::name)
        .containsExactly("two", "three", "four");
    assertThat(planner.planUp(3))
        .containsExactly(
            new PlannedMigration("two", 2, Direction.UP),
            new PlannedMigration("three", 3, Direction.UP));
    assertThat(planner.pendingCount()).isEqualTo(3);
  }

  @Test
  void rollsBackAppliedFailedAndHalfRolledBackMigrationsNewestFirst() {
    MigrationPlanner planner =
        planner(
            stored("one", 1, MigrationState.COMPLETED, Direction.UP),
            stored("two", 2, MigrationState.COMPLETED, Direction.UP),
            stored("three", 3, MigrationState.FAILED, Direction.DOWN),
            stored("four", 4, MigrationState.FAILED, Direction.UP));

    // A failed apply may have changed data: rollbackTo undoes it too, or the version it reports
    // would not be true.
    assertThat(planner.planDown(1))
        .containsExactly(
            new PlannedMigration("four", 4, Direction.DOWN),
            new PlannedMigration("three", 3, Direction.DOWN),
            new PlannedMigration("two", 2, Direction.DOWN));
  }

  @Test
  void currentVersionCountsAppliedMigrationsThisBuildDoesNotKnow() {
    MigrationPlanner planner =
        planner(
            stored("one", 1, MigrationState.COMPLETED, Direction.UP),
            stored("gone", 7, MigrationState.COMPLETED, Direction.UP),
            stored("two", 2, MigrationState.FAILED, Direction.UP));

    assertThat(planner.currentVersion()).isEqualTo(7);
    assertThat(planner.unregisteredAbove(1))
        .extracting(StoredMigration::name)
        .containsExactly("gone");
    assertThat(planner.statuses())
        .extracting(MigrationStatus::name, MigrationStatus::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("one", MigrationState.COMPLETED),
            org.assertj.core.groups.Tuple.tuple("two", MigrationState.FAILED),
            org.assertj.core.groups.Tuple.tuple("three", MigrationState.PENDING),
            org.assertj.core.groups.Tuple.tuple("four", MigrationState.PENDING));
  }

  @Test
  void anEmptyHistoryIsAtVersionZeroWithEverythingPending() {
    MigrationPlanner planner = planner();

    assertThat(planner.currentVersion()).isZero();
    assertThat(planner.pendingCount()).isEqualTo(4);
    assertThat(planner.toRollBack(0)).isEmpty();
  }

  private MigrationPlanner planner(StoredMigration... stored) {
    Map<String, StoredMigration> byName = new LinkedHashMap<>();
    for (StoredMigration migration : stored) {
      byName.put(migration.name(), migration);
    }
    return new MigrationPlanner(registered, byName);
  }

  private static StoredMigration stored(
      String name, int version, MigrationState state, Direction lastDirection) {
    return new StoredMigration(
        name, version, "", state, Instant.EPOCH, 1L, null, lastDirection, null, null);
  }
}
