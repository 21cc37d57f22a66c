package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationFinding.Kind;
import com.lms.migrations.validation.ValidationFinding.Severity;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of finding, from the code and the history alone: no database. */
class MigrationValidatorUnitTests {

  private final List<Migration> registered = new ArrayList<>();
  private final Map<String, StoredMigration> stored = new LinkedHashMap<>();

  @Test
  void theSameMigrationsFindNothing() {
    register("one:1", "two:2", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);

    ValidationResult result = validate(ValidationPolicy.strict());

    assertThat(result.findings()).isEmpty();
    assertThat(result.isValid()).isTrue();
  }

  @Test
  void aMigrationRecordedAsRunButGoneFromTheCodeIsMissing() {
    register("one:1", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);

    ValidationFinding finding = onlyError(validate(ValidationPolicy.strict()));

    assertThat(finding)
        .extracting(
            ValidationFinding::kind,
            ValidationFinding::name,
            ValidationFinding::version,
            ValidationFinding::recorded,
            ValidationFinding::local,
            ValidationFinding::severity)
        .containsExactly(Kind.MISSING, "two", 2, "COMPLETED", null, Severity.ERROR);
    assertThat(finding.message())
        .isEqualTo(
            "Migration 'two' (version 2) is recorded as COMPLETED but no longer exists in the code."
                + " Don't delete migrations that have run: restore its class, or set"
                + " ValidationPolicy.ignoreMissing to ignore it.");
  }

  @Test
  void aFailedMigrationGoneFromTheCodeIsMissingWithItsState() {
    register("one:1", "three:3");
    record("two", 2, MigrationState.FAILED);

    ValidationFinding finding = onlyError(validate(ValidationPolicy.strict()));

    assertThat(finding.kind()).isEqualTo(Kind.MISSING);
    assertThat(finding.recorded()).isEqualTo("FAILED");
    assertThat(finding.fact()).contains("is recorded as FAILED");
  }

  @Test
  void ignoreMissingLeavesAMissingMigrationUnreported() {
    register("one:1", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);

    ValidationResult result = validate(new ValidationPolicy(true, false));

    assertThat(result.isValid()).isTrue();
    assertThat(result.findings()).extracting(ValidationFinding::kind).doesNotContain(Kind.MISSING);
  }

  @Test
  void aPendingRecordGoneFromTheCodeIsNotMissing() {
    register("one:1", "three:3");
    record("two", 2, MigrationState.PENDING);

    assertThat(validate(ValidationPolicy.strict()).findings())
        .extracting(ValidationFinding::kind)
        .containsExactly(Kind.VERSION_GAP);
  }

  @Test
  void aRecordedMigrationWithAnotherVersionInTheCodeIsVersionChanged() {
    register("one:1", "two:5", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);

    ValidationFinding finding = onlyError(validate(ValidationPolicy.strict()));

    assertThat(finding)
        .extracting(
            ValidationFinding::kind,
            ValidationFinding::name,
            ValidationFinding::version,
            ValidationFinding::recorded,
            ValidationFinding::local,
            ValidationFinding::severity)
        .containsExactly(Kind.VERSION_CHANGED, "two", 2, "2", "5", Severity.ERROR);
    assertThat(finding.message())
        .isEqualTo(
            "Migration 'two' is recorded with version 2 but the code says version 5. Versions of"
                + " recorded migrations must not change: restore version 2.");
  }

  @Test
  void aVersionRecordedUnderAnotherNameIsNameChangedAndTheNewNameIsNotAlsoLate() {
    register("one:1", "second:2", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);
    record("three", 3, MigrationState.COMPLETED);

    ValidationFinding finding = onlyFinding(validate(ValidationPolicy.strict()));

    assertThat(finding)
        .extracting(
            ValidationFinding::kind,
            ValidationFinding::name,
            ValidationFinding::version,
            ValidationFinding::recorded,
            ValidationFinding::local,
            ValidationFinding::severity)
        .containsExactly(Kind.NAME_CHANGED, "two", 2, "two", "second", Severity.ERROR);
    assertThat(finding.message())
        .isEqualTo(
            "Version 2 is recorded as 'two' but the code has 'second' at that version. Don't rename"
                + " applied migrations: restore the name 'two', or give 'second' a new version.");
  }

  @Test
  void aMigrationNeverRecordedBelowTheHighestAppliedIsOutOfOrder() {
    register("one:1", "two:2", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("three", 3, MigrationState.COMPLETED);

    ValidationFinding finding = onlyFinding(validate(ValidationPolicy.strict()));

    assertThat(finding)
        .extracting(
            ValidationFinding::kind,
            ValidationFinding::name,
            ValidationFinding::version,
            ValidationFinding::recorded,
            ValidationFinding::local,
            ValidationFinding::severity)
        .containsExactly(Kind.OUT_OF_ORDER, "two", 2, "3", "2", Severity.ERROR);
    assertThat(finding.message())
        .isEqualTo(
            "Migration 'two' (version 2) is pending but version 3 is already applied: it was merged"
                + " late. Give it a version above 3, or set ValidationPolicy.outOfOrder to apply it"
                + " anyway.");
  }

  @Test
  void outOfOrderLeavesALateMigrationUnreported() {
    register("one:1", "two:2", "three:3");
    record("three", 3, MigrationState.COMPLETED);

    assertThat(validate(new ValidationPolicy(false, true)).findings()).isEmpty();
  }

  @Test
  void aMigrationRolledBackOnPurposeIsNotOutOfOrder() {
    register("one:1", "two:2", "three:3");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.PENDING);
    record("three", 3, MigrationState.COMPLETED);

    assertThat(validate(ValidationPolicy.strict()).findings()).isEmpty();
  }

  @Test
  void skippedVersionNumbersAreAVersionGapWarning() {
    register("one:1", "two:2", "three:3", "seven:7");

    ValidationResult result = validate(ValidationPolicy.strict());
    ValidationFinding finding = onlyFinding(result);

    assertThat(finding)
        .extracting(
            ValidationFinding::kind,
            ValidationFinding::name,
            ValidationFinding::version,
            ValidationFinding::recorded,
            ValidationFinding::local,
            ValidationFinding::severity)
        .containsExactly(Kind.VERSION_GAP, "seven", 7, null, "3", Severity.WARNING);
    assertThat(finding.message())
        .isEqualTo("Versions jump from 3 ('three') to 7 ('seven'); don't skip version numbers.");
    assertThat(result.isValid()).isTrue();
    assertThat(result.warnings()).containsExactly(finding.message());
  }

  @Test
  void aMigrationRecordedAboveEveryRegisteredVersionIsFutureAndListed() {
    register("one:1");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);

    ValidationResult result = validate(ValidationPolicy.strict());
    ValidationFinding finding = onlyFinding(result);

    assertThat(finding)
        .extracting(
            ValidationFinding::kind,
            ValidationFinding::name,
            ValidationFinding::version,
            ValidationFinding::recorded,
            ValidationFinding::local,
            ValidationFinding::severity)
        .containsExactly(Kind.FUTURE, "two", 2, "COMPLETED", "1", Severity.WARNING);
    assertThat(finding.message())
        .isEqualTo(
            "Migration 'two' (version 2) is recorded as COMPLETED but this build knows versions up"
                + " to 1 only: it was applied by a newer build. Starting anyway; it stays applied"
                + " until that build, which can roll it back, runs again.");
    assertThat(result.isValid()).isTrue();
    assertThat(result.future())
        .extracting(MigrationStatus::name, MigrationStatus::status)
        .containsExactly(tuple("two", MigrationState.COMPLETED));
  }

  @Test
  void withNothingRegisteredEveryRunMigrationIsMissingNotFuture() {
    record("one", 1, MigrationState.COMPLETED);

    ValidationResult result = validate(ValidationPolicy.strict());

    assertThat(onlyFinding(result).kind()).isEqualTo(Kind.MISSING);
    assertThat(result.future()).isEmpty();
  }

  @Test
  void errorsAndWarningsAreTheMessagesOfTheirFindingsInTheOrderFound() {
    register("one:1", "two:2", "three:3", "seven:7");
    record("gone", 0, MigrationState.COMPLETED);
    record("three", 3, MigrationState.COMPLETED);
    record("newer", 9, MigrationState.COMPLETED);

    ValidationResult result = validate(ValidationPolicy.strict());

    assertThat(result.findings())
        .extracting(ValidationFinding::kind)
        .containsExactly(
            Kind.MISSING, Kind.FUTURE, Kind.OUT_OF_ORDER, Kind.OUT_OF_ORDER, Kind.VERSION_GAP);
    assertThat(result.errorFindings())
        .extracting(ValidationFinding::kind)
        .containsExactly(Kind.MISSING, Kind.OUT_OF_ORDER, Kind.OUT_OF_ORDER);
    assertThat(result.errors())
        .containsExactlyElementsOf(
            result.errorFindings().stream().map(ValidationFinding::message).toList());
    assertThat(result.warnings())
        .containsExactlyElementsOf(
            result.warningFindings().stream().map(ValidationFinding::message).toList());
    assertThat(result.isValid()).isFalse();
  }

  @Test
  void theExceptionCarriesTheErrorFindingsAndTheirMessages() {
    register("one:1", "three:3", "seven:7");
    record("one", 1, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);

    ValidationResult result = validate(ValidationPolicy.strict());

    assertThatThrownBy(result::throwIfInvalid)
        .isInstanceOfSatisfying(
            MigrationValidationException.class,
            e -> {
              assertThat(e.getFindings())
                  .extracting(ValidationFinding::kind)
                  .containsExactly(Kind.MISSING);
              assertThat(e.getErrors()).containsExactlyElementsOf(result.errors());
            })
        .hasMessageContaining("nothing was run")
        .hasMessageContaining("'two' (version 2)")
        .hasMessageNotContaining("Versions jump");
  }

  @Test
  void noMessageNamesAStarterProperty() {
    register("one:1", "second:2", "four:4", "seven:7");
    record("gone", 0, MigrationState.COMPLETED);
    record("two", 2, MigrationState.COMPLETED);
    record("four", 5, MigrationState.COMPLETED);
    record("newer", 9, MigrationState.COMPLETED);

    ValidationResult result = validate(ValidationPolicy.strict());

    assertThat(result.findings())
        .extracting(ValidationFinding::kind)
        .contains(
            Kind.MISSING,
            Kind.NAME_CHANGED,
            Kind.VERSION_CHANGED,
            Kind.OUT_OF_ORDER,
            Kind.VERSION_GAP,
            Kind.FUTURE);
    assertThat(result.findings())
        .extracting(ValidationFinding::message)
        .allSatisfy(
            message ->
                assertThat(message).doesNotContain("lms.migrations.").doesNotContain("actuator"));
  }

  private void register(String... migrations) {
    for (String migration : migrations) {
      String[] parts = migration.split(":");
      registered.add(TestMigration.recording(parts[0], Integer.parseInt(parts[1])));
    }
  }

  private void record(String name, int version, MigrationState state) {
    stored.put(
        name, new StoredMigration(name, version, "", state, null, null, null, null, null, null));
  }

  private ValidationResult validate(ValidationPolicy policy) {
    return MigrationValidator.validate(List.copyOf(registered), stored, policy);
  }

  private static ValidationFinding onlyFinding(ValidationResult result) {
    assertThat(result.findings()).hasSize(1);
    return result.findings().get(0);
  }

  /** The one error; other findings, such as the gap a deleted migration leaves, are warnings. */
  private static ValidationFinding onlyError(ValidationResult result) {
    assertThat(result.errorFindings()).hasSize(1);
    return result.errorFindings().get(0);
  }
}
