package com.lms.migrations.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationNotAppliedException;
import com.lms.migrations.verify.IrreversibleMigrationException;
import com.lms.migrations.verify.ReversibilityReport;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The fluent API on a fresh in-memory database per test, with migrations found by package. */
@MigrationTest(packages = "com.lms.migrations.test.migrations")
class MigrationTesterTests {

  @Test
  void findsTheMigrationsOfThePackage(MigrationTester db) {
    assertThat(db.runner().getMigrations())
        .extracting(Migration::name)
        .containsExactly("split_full_name", "add_active_flag", "drop_legacy_score");
  }

  @Test
  void startsFromAnEmptyDatabaseCreatedForTheTest(MigrationTester db) {
    assertThat(db.mongoTemplate().getDb().getName()).startsWith(TestDatabases.PREFIX);
    assertThat(db.mongoTemplate().getCollectionNames()).isEmpty();
    assertThat(db.currentVersion()).isZero();
  }

  @Test
  void migrateToAppliesEveryMigrationUpToTheVersion(MigrationTester db) {
    db.insert("learners", learner("l1", "Ada Lovelace"));

    db.migrateTo(2);

    assertThat(db.currentVersion()).isEqualTo(2);
    assertThat(db.documents("learners"))
        .containsExactly(
            new Document("_id", "l1")
                .append("firstName", "Ada")
                .append("lastName", "Lovelace")
                .append("active", true)
                .append("activeAdded", true));
  }

  @Test
  void migrateToALowerVersionRollsBackTheNewerMigrations(MigrationTester db) {
    db.insert("learners", learner("l1", "Ada Lovelace")).migrateTo(2);

    db.migrateTo(0);

    assertThat(db.currentVersion()).isZero();
    assertThat(db.documents("learners")).containsExactly(learner("l1", "Ada Lovelace"));
  }

  @Test
  void appliesTheNextMigrationToOldFormatFixturesAndRollsItBack(MigrationTester db) {
    db.migrateTo(1)
        .insert(
            "learners",
            new Document("_id", "l1").append("firstName", "Ada"),
            new Document("_id", "l2").append("firstName", "Alan").append("active", false));

    db.apply(2);
    assertThat(db.documents("learners"))
        .extracting(learner -> learner.get("active"))
        .containsExactly(true, false);

    db.rollback(2);
    assertThat(db.documents("learners"))
        .containsExactly(
            new Document("_id", "l1").append("firstName", "Ada"),
            new Document("_id", "l2").append("firstName", "Alan").append("active", false));
  }

  @Test
  void migrateToAnUnknownVersionFailsNamingTheKnownVersions(MigrationTester db) {
    assertThatThrownBy(() -> db.migrateTo(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot migrate to version 7: no migration has that version. Known versions: 1, 2, 3;"
                + " 0 means before the first migration.");
  }

  @Test
  void applyOfAnUnknownVersionFailsNamingTheKnownVersions(MigrationTester db) {
    assertThatThrownBy(() -> db.apply(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot apply version 4: no migration has that version. Known versions: 1, 2, 3.");
  }

  @Test
  void applyOfAnAppliedMigrationFailsBecauseItsUpWouldNotRun(MigrationTester db) {
    db.migrateTo(2);

    assertThatThrownBy(() -> db.apply(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot apply version 2: migration 'add_active_flag' is already applied, so its up"
                + " would not run. Call migrateTo(1) first.");
  }

  @Test
  void rollbackOfAPendingMigrationFailsAsTheRunnerDoes(MigrationTester db) {
    assertThatThrownBy(() -> db.rollback(1))
        .isInstanceOf(MigrationNotAppliedException.class)
        .hasMessageContaining("split_full_name");
  }

  @Test
  void assertReversiblePassesWhenDownRestoresTheFixtures(MigrationTester db) {
    db.migrateTo(1).insert("learners", new Document("_id", "l1").append("firstName", "Ada"));

    db.assertReversible(2);

    assertThat(db.reversibility(2).checks())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.name()).isEqualTo("add_active_flag");
              assertThat(check.outcome()).isEqualTo(ReversibilityReport.Outcome.REVERSIBLE);
            });
  }

  @Test
  void assertReversibleFailsNamingWhatDownLeftBehind(MigrationTester db) {
    db.migrateTo(2).insert("learners", new Document("_id", "l9").append("score", 12));

    assertThatThrownBy(() -> db.assertReversible(3))
        .isInstanceOf(IrreversibleMigrationException.class)
        .hasMessageContaining("v3 drop_legacy_score: NOT_REVERSIBLE")
        .hasMessageContaining("learners");
  }

  @Test
  void checkingReversibilityLeavesTheTestDatabaseAsItWas(MigrationTester db) {
    db.insert("learners", learner("l1", "Ada Lovelace"));

    ReversibilityReport report = db.reversibility(3);

    assertThat(report.checks())
        .extracting(ReversibilityReport.Check::version)
        .containsExactly(1, 2, 3);
    assertThat(db.currentVersion()).isZero();
    assertThat(db.documents("learners")).containsExactly(learner("l1", "Ada Lovelace"));
    assertThat(db.mongoTemplate().getCollectionNames()).containsExactly("learners");
  }

  @Test
  void checkingReversibilityWithNothingPendingFails(MigrationTester db) {
    db.migrateTo(2);

    assertThatThrownBy(() -> db.reversibility(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Nothing to check up to version 2: every migration up to it is already applied in"
                + " this database. Call migrateTo(1) (or lower) first.");
  }

  @Test
  void documentsOfAMissingCollectionAreEmpty(MigrationTester db) {
    assertThat(db.documents("nothing_here")).isEmpty();
  }

  private static Document learner(String id, String name) {
    return new Document("_id", id).append("name", name);
  }
}
