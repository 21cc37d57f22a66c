package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped because the migrations disagree with the recorded history. */
class MigrationValidationFailureAnalyzer
    extends AbstractFailureAnalyzer<MigrationValidationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MigrationValidationException cause) {
    return new FailureAnalysis(
        "The registered migrations do not match the recorded history, so none was applied:\n - "
            + String.join("\n - ", cause.getErrors()),
        "Fix each disagreement as its message says. To inspect without starting the application,"
            + " run it with --lms.migrations.command=validate.",
        cause);
  }
}
