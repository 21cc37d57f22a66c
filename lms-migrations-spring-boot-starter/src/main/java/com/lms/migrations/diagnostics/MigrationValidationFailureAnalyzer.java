package com.lms.migrations.diagnostics;

import com.lms.migrations.validation.MigrationValidationException;
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
                .map(FailureAdvice::describe)
                .collect(Collectors.joining("\n - ")),
        "Fix each disagreement as its message says. To inspect without starting the application,"
            + " run it with --lms.migrations.command=validate.",
        cause);
  }
}
