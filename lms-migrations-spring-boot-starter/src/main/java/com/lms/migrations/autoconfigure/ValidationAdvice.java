package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationValidationException;
import com.lms.migrations.ValidationFinding;
import java.util.stream.Collectors;

/**
 * Validation findings as a Spring Boot user reads them: the core's fact and fix, except where a
 * property tolerates the finding, which is named instead of the core's {@code ValidationPolicy}.
 * Used by the failure analysis, the startup log, the health details and the command line, so they
 * all give the same advice.
 */
public final class ValidationAdvice {

  private ValidationAdvice() {}

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
          case VERSION_CHANGED, NAME_CHANGED, VERSION_GAP, FUTURE -> finding.fix();
        };
    return finding.fact() + " " + fix;
  }

  /**
   * A failure's message, with each validation finding described as by {@link
   * #describe(ValidationFinding)}.
   *
   * @param failure why a run failed
   * @return its message; for a validation failure, every finding with its advice
   */
  public static String describe(Throwable failure) {
    if (failure instanceof MigrationValidationException validation) {
      return "Migrations do not match the recorded history, so nothing was run:\n - "
          + validation.getFindings().stream()
              .map(ValidationAdvice::describe)
              .collect(Collectors.joining("\n - "));
    }
    return String.valueOf(failure.getMessage());
  }
}
