package com.lms.migrations.autoconfigure;

import com.lms.migrations.DuplicateMigrationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup stopped because two migrations share a name or a version, naming the one to
 * change when the history tells which one is applied.
 */
class DuplicateMigrationFailureAnalyzer
    extends AbstractFailureAnalyzer<DuplicateMigrationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DuplicateMigrationException cause) {
    DuplicateMigrationStartupException explained =
        findCause(rootFailure, DuplicateMigrationStartupException.class);
    if (explained != null) {
      return new FailureAnalysis(explained.getDescription(), explained.getAction(), cause);
    }
    return new FailureAnalysis(
        cause.getMessage(),
        "Give each migration its own name and version. Change the one that is not applied yet:"
            + " the applied one is recorded, by name and version, in the history collection"
            + " (lms.migrations.collection).",
        cause);
  }
}
