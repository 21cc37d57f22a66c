package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationValidationException;
import com.lms.migrations.ValidationFinding;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup stopped because the migrations disagree with the recorded history: each
 * finding's fact, then its fix, naming the property that tolerates it where one does.
 */
class MigrationValidationFailureAnalyzer
    extends AbstractFailureAnalyzer<MigrationValidationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MigrationValidationException cause) {
    return new FailureAnalysis(
        "The registered migrations do not match the recorded history, so none was applied:\n - "
            + cause.getFindings().stream()
                .map(MigrationValidationFailureAnalyzer::describe)
                .collect(Collectors.joining("\n - ")),
        "Fix each disagreement as its message says. To inspect without starting the application,"
            + " run it with --lms.migrations.command=validate.",
        cause);
  }

  /**
   * The finding's fact and its fix for a Spring Boot application: the core's fix, except where a
   * property tolerates the finding, which it names instead of the {@code ValidationPolicy}.
   */
  static String describe(ValidationFinding finding) {
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
}
