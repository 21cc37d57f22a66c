package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationFinding.Kind;
import com.lms.migrations.validation.ValidationFinding.Severity;
import com.lms.migrations.validation.ValidationResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Each kind of finding, as the startup failure report puts it: the property that fixes it. */
class MigrationValidationFailureAnalyzerTests {

  private static final String INTRO =
      "The registered migrations do not match the recorded history, so none was applied:\n - ";

  private static final String ACTION =
      "Fix each disagreement as its message says. To inspect without starting the application,"
          + " run it with --lms.migrations.command=validate.";

  @Test
  void aMissingMigrationNamesIgnoreMissing() {
    FailureAnalysis analysis =
        analyze(
            new ValidationFinding(
                Kind.MISSING,
                "two",
                2,
                "COMPLETED",
                null,
                Severity.ERROR,
                "Migration 'two' (version 2) is recorded as COMPLETED but no longer exists in the"
                    + " code.",
                "Don't delete migrations that have run: restore its class, or set"
                    + " ValidationPolicy.ignoreMissing to ignore it."));

    assertThat(analysis.getDescription())
        .isEqualTo(
            INTRO
                + "Migration 'two' (version 2) is recorded as COMPLETED but no longer exists in the"
                + " code. Don't delete migrations that have run: restore its class, or set"
                + " lms.migrations.ignore-missing=true to ignore it.");
    assertThat(analysis.getAction()).isEqualTo(ACTION);
  }

  @Test
  void aLateMigrationNamesOutOfOrderAndTheVersionToGiveIt() {
    FailureAnalysis analysis =
        analyze(
            new ValidationFinding(
                Kind.OUT_OF_ORDER,
                "two",
                2,
                "3",
                "2",
                Severity.ERROR,
                "Migration 'two' (version 2) is pending but version 3 is already applied: it was"
                    + " merged late.",
                "Give it a version above 3, or set ValidationPolicy.outOfOrder to apply it"
                    + " anyway."));

    assertThat(analysis.getDescription())
        .isEqualTo(
            INTRO
                + "Migration 'two' (version 2) is pending but version 3 is already applied: it was"
                + " merged late. Give it a version above 3, or set"
                + " lms.migrations.out-of-order=true to apply it anyway.");
    assertThat(analysis.getAction()).isEqualTo(ACTION);
  }

  @Test
  void aChangedVersionHasNoPropertyAndKeepsTheCoreFix() {
    ValidationFinding finding =
        new ValidationFinding(
            Kind.VERSION_CHANGED,
            "two",
            2,
            "2",
            "5",
            Severity.ERROR,
            "Migration 'two' is recorded with version 2 but the code says version 5.",
            "Versions of recorded migrations must not change: restore version 2.");

    FailureAnalysis analysis = analyze(finding);

    assertThat(analysis.getDescription())
        .isEqualTo(INTRO + finding.message())
        .doesNotContain("lms.migrations.");
  }

  @Test
  void aChangedNameHasNoPropertyAndKeepsTheCoreFix() {
    ValidationFinding finding =
        new ValidationFinding(
            Kind.NAME_CHANGED,
            "two",
            2,
            "two",
            "second",
            Severity.ERROR,
            "Version 2 is recorded as 'two' but the code has 'second' at that version.",
            "Don't rename applied migrations: restore the name 'two', or give 'second' a new"
                + " version.");

    FailureAnalysis analysis = analyze(finding);

    assertThat(analysis.getDescription())
        .isEqualTo(INTRO + finding.message())
        .doesNotContain("lms.migrations.");
  }

  @Test
  void aVersionGapHasNoPropertyAndNeverStopsStartup() {
    ValidationFinding gap =
        new ValidationFinding(
            Kind.VERSION_GAP,
            "seven",
            7,
            null,
            "3",
            Severity.WARNING,
            "Versions jump from 3 ('three') to 7 ('seven');",
            "don't skip version numbers.");

    assertThat(FailureAdvice.describe(gap)).isEqualTo(gap.message());
    assertThat(analyze(missing(), gap).getDescription()).doesNotContain("Versions jump");
  }

  @Test
  void aFutureMigrationHasNoPropertyAndNeverStopsStartup() {
    ValidationFinding future =
        new ValidationFinding(
            Kind.FUTURE,
            "newer",
            9,
            "COMPLETED",
            "3",
            Severity.WARNING,
            "Migration 'newer' (version 9) is recorded as COMPLETED but this build knows versions"
                + " up to 3 only: it was applied by a newer build.",
            "Starting anyway; it stays applied until that build, which can roll it back, runs"
                + " again.");

    assertThat(FailureAdvice.describe(future)).isEqualTo(future.message());
    assertThat(analyze(missing(), future).getDescription()).doesNotContain("newer build");
  }

  @Test
  void aChangedMigrationNamesTheEndpointTheCommandAndTheProperty() {
    ValidationFinding changed =
        new ValidationFinding(
            Kind.CHANGED,
            "two",
            2,
            "user:v1",
            "user:v2",
            Severity.ERROR,
            "Migration 'two' (version 2) changed since it was applied: its code's fingerprint was"
                + " user:v1 and is user:v2.",
            "Undo the change and write a new migration for it, or, when the change is intended"
                + " and the database needs nothing more, accept it with"
                + " MigrationRunner.acceptChange(\"two\").");

    assertThat(analyze(changed).getDescription())
        .isEqualTo(
            INTRO
                + changed.fact()
                + " Undo the change and write a new migration for it; or, when the change is"
                + " intended and the database needs nothing more, accept it with POST"
                + " /actuator/migrations/two {\"action\":\"acceptChange\"} or the command"
                + " --lms.migrations.command=accept-change --lms.migrations.name=two; or set"
                + " lms.migrations.validate-checksums=warn to start anyway.")
        .doesNotContain("MigrationRunner.acceptChange");
  }

  @Test
  void everyErrorIsListedInTheOrderFound() {
    ValidationFinding renamed =
        new ValidationFinding(
            Kind.NAME_CHANGED,
            "one",
            1,
            "one",
            "first",
            Severity.ERROR,
            "Version 1 is recorded as 'one' but the code has 'first' at that version.",
            "Don't rename applied migrations: restore the name 'one', or give 'first' a new"
                + " version.");

    assertThat(analyze(renamed, missing()).getDescription())
        .isEqualTo(INTRO + renamed.message() + "\n - " + FailureAdvice.describe(missing()));
  }

  private static ValidationFinding missing() {
    return new ValidationFinding(
        Kind.MISSING,
        "two",
        2,
        "COMPLETED",
        null,
        Severity.ERROR,
        "Migration 'two' (version 2) is recorded as COMPLETED but no longer exists in the code.",
        "Don't delete migrations that have run: restore its class, or set"
            + " ValidationPolicy.ignoreMissing to ignore it.");
  }

  private static FailureAnalysis analyze(ValidationFinding... findings) {
    MigrationValidationException failure =
        catchThrowableOfType(
            MigrationValidationException.class,
            new ValidationResult(List.of(findings), List.of())::throwIfInvalid);
    return new MigrationValidationFailureAnalyzer().analyze(failure);
  }
}
