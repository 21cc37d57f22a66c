package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MongoDatabaseExtension.class)
class ValidationTests {

  private TestDatabase db;

  @BeforeEach
  void applyThree(TestDatabase db) {
    this.db = db;
    MigrationRunner first = new MigrationRunner(db.template());
    first.register(TestMigration.recording("one", 1));
    first.register(TestMigration.recording("two", 2));
    first.register(TestMigration.recording("three", 3));
    first.upAll();
  }

  @Test
  void theSameMigrationsAreValid() {
    MigrationRunner runner =
        runner(ValidationPolicy.strict(), "one:1", "two:2", "three:3", "four:4");

    ValidationResult result = runner.validate();

    assertThat(result.isValid()).isTrue();
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void aDeletedMigrationIsAnErrorUnlessIgnored() {
    ValidationResult strict = runner(ValidationPolicy.strict(), "one:1", "three:3").validate();

    assertThat(strict.errors())
        .containsExactly(
            "Migration 'two' (version 2) is recorded as COMPLETED but no longer exists in the code."
                + " Don't delete migrations that have run: restore its class, or set"
                + " ValidationPolicy.ignoreMissing to ignore it.");
    assertThatThrownBy(strict::throwIfInvalid)
        .isInstanceOf(MigrationValidationException.class)
        .hasMessageContaining("nothing was run")
        .hasMessageContaining("'two' (version 2)");
    assertThat(runner(new ValidationPolicy(true, false), "one:1", "three:3").validate().errors())
        .isEmpty();
  }

  @Test
  void aRenamedMigrationShowsTheStoredAndTheLocalName() {
    ValidationResult result =
        runner(ValidationPolicy.strict(), "one:1", "second:2", "three:3").validate();

    assertThat(result.errors())
        .containsExactly(
            "Version 2 is recorded as 'two' but the code has 'second' at that version. Don't rename"
                + " applied migrations: restore the name 'two', or give 'second' a new version.");
  }

  @Test
  void aRenumberedMigrationShowsTheStoredAndTheLocalVersion() {
    ValidationResult result =
        runner(ValidationPolicy.strict(), "one:1", "two:5", "three:3").validate();

    assertThat(result.errors())
        .contains(
            "Migration 'two' is recorded with version 2 but the code says version 5. Versions of"
                + " recorded migrations must not change: restore version 2.");
  }

  @Test
  void aMigrationMergedLateIsAnErrorUnlessOutOfOrderIsAllowed() {
    MigrationSettings otherHistory = MigrationSettings.defaults().withCollection("late_history");
    MigrationRunner deployed = new MigrationRunner(db.template(), otherHistory);
    deployed.register(TestMigration.of("one", 1, ctx -> {}, ctx -> {}));
    deployed.register(TestMigration.of("three", 3, ctx -> {}, ctx -> {}));
    deployed.upAll();

    MigrationRunner merged =
        MigrationRunner.builder(db.newTemplate()).settings(otherHistory).build();
    merged.register(TestMigration.recording("one", 1));
    merged.register(TestMigration.recording("two", 2));
    merged.register(TestMigration.recording("three", 3));

    assertThat(merged.validate().errors())
        .containsExactly(
            "Migration 'two' (version 2) is pending but version 3 is already applied: it was merged"
                + " late. Give it a version above 3, or set ValidationPolicy.outOfOrder to apply it"
                + " anyway.");
    MigrationRunner tolerant =
        MigrationRunner.builder(db.newTemplate())
            .settings(otherHistory)
            .validationPolicy(new ValidationPolicy(false, true))
            .migrations(merged.getMigrations())
            .build();
    assertThat(tolerant.validate().isValid()).isTrue();
  }

  @Test
  void gapsInVersionsAreAWarning() {
    ValidationResult result =
        runner(ValidationPolicy.strict(), "one:1", "two:2", "three:3", "seven:7").validate();

    assertThat(result.isValid()).isTrue();
    assertThat(result.warnings())
        .containsExactly(
            "Versions jump from 3 ('three') to 7 ('seven'); don't skip version numbers.");
  }

  @Test
  void validationWritesNothing() {
    MigrationRunner runner =
        new MigrationRunner(
            new org.springframework.data.mongodb.core.MongoTemplate(
                com.lms.migrations.testing.TestMongo.client(), db.name() + "_empty"));
    runner.register(TestMigration.recording("one", 1));

    assertThat(runner.validate().isValid()).isTrue();
    assertThat(runner.info().plan()).containsExactly(new PlannedMigration("one", 1, Direction.UP));
    assertThat(
            com.lms.migrations.testing.TestMongo.client()
                .getDatabase(db.name() + "_empty")
                .listCollectionNames())
        .isEmpty();
  }

  private MigrationRunner runner(ValidationPolicy policy, String... migrations) {
    MigrationRunner runner =
        MigrationRunner.builder(db.newTemplate()).validationPolicy(policy).build();
    for (String migration : migrations) {
      String[] parts = migration.split(":");
      runner.register(TestMigration.recording(parts[0], Integer.parseInt(parts[1])));
    }
    return runner;
  }

  @Test
  void aMigrationRolledBackOnPurposeIsNotLate() {
    MigrationRunner runner = runner(ValidationPolicy.strict(), "one:1", "two:2", "three:3");
    runner.down("two");

    assertThat(runner.validate().errors()).isEmpty();
  }
}
