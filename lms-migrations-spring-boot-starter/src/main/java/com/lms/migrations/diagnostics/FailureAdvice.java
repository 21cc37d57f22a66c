package com.lms.migrations.diagnostics;

import com.lms.migrations.MigrationException;
import com.lms.migrations.RequiredMigrationNotFinishedException;
import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationFinding;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Failures as a Spring Boot user reads them. The core's messages name core API; here they are built
 * from the failure's type, code and fields instead: a validation finding's fix names the property
 * that tolerates it instead of the {@code ValidationPolicy} switch, a setting is named by its
 * property ({@code lms.migrations.lock.wait-time}, not {@code LockSettings.waitTime}) and a pause
 * by the endpoint's request. No message is parsed. Used by the failure analysis, the startup log,
 * the health details and the command line, so they all give the same advice.
 */
public final class FailureAdvice {

  private FailureAdvice() {}

  /**
   * The property a core setting is bound from: {@code lock.leaseTime} is bound from {@code
   * lms.migrations.lock.lease-time}.
   *
   * @param setting the setting's path below the settings, in camel case
   * @return the property's name
   */
  public static String propertyOf(String setting) {
    return "lms.migrations."
        + setting.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * One finding's fact and fix.
   *
   * @param finding the finding
   * @return the fact, then the fix naming the property where one tolerates it
   */
  public static String describe(ValidationFinding finding) {
    String fix =
        switch (finding.kind()) {
          case MISSING ->
              "Don't delete migrations that have run: restore its class, or set"
                  + " lms.migrations.ignore-missing=true to ignore it.";
          case OUT_OF_ORDER ->
              "Give it a version above "
                  + finding.recorded()
                  + ", or set lms.migrations.out-of-order=true to apply it anyway.";
          case CHANGED -> acceptChangeAdvice(finding.name());
          case VERSION_CHANGED, NAME_CHANGED, VERSION_GAP, FUTURE -> finding.fix();
        };
    return finding.fact() + " " + fix;
  }

  /**
   * What to do about an applied migration whose code changed: undo it, accept it through the
   * endpoint or the command line, or let it only warn.
   *
   * @param name the migration's name
   * @return the advice
   */
  static String acceptChangeAdvice(String name) {
    return "Undo the change and write a new migration for it; or, when the change is intended and"
        + " the database needs nothing more, accept it with POST /actuator/migrations/"
        + name
        + " {\"action\":\"acceptChange\"} or the command --lms.migrations.command=accept-change"
        + " --lms.migrations.name="
        + name
        + "; or set lms.migrations.validate-checksums=warn to start anyway.";
  }

  /**
   * A failure's message, with each validation finding described as by {@link
   * #describe(ValidationFinding)}, and settings and calls named by their properties and endpoint
   * requests.
   *
   * @param failure why a run failed
   * @return its message; for a validation failure, every finding with its advice
   */
  public static String describe(Throwable failure) {
    if (failure instanceof MigrationValidationException validation) {
      return "Migrations do not match the recorded history, so nothing was run:\n - "
          + validation.getFindings().stream()
              .map(FailureAdvice::describe)
              .collect(Collectors.joining("\n - "));
    }
    if (failure instanceof RequiredMigrationNotFinishedException refusal) {
      return RequiredMigrationFailureAnalyzer.description(refusal)
          + " "
          + RequiredMigrationFailureAnalyzer.action(refusal);
    }
    return failure instanceof MigrationException migrationFailure
        ? migrationFailure.getMessage(PropertyAdviceNames.INSTANCE)
        : String.valueOf(failure.getMessage());
  }
}
