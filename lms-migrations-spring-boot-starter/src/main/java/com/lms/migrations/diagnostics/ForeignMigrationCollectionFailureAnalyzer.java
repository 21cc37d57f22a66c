package com.lms.migrations.diagnostics;

import com.lms.migrations.ForeignMigrationCollectionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped because the history collection holds someone else's documents. */
class ForeignMigrationCollectionFailureAnalyzer
    extends AbstractFailureAnalyzer<ForeignMigrationCollectionException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, ForeignMigrationCollectionException cause) {
    return new FailureAnalysis(
        FailureAdvice.describe(cause),
        "Set lms.migrations.collection to a collection used only by lms-migrations (now '"
            + cause.getCollection()
            + "'); nothing was run or recorded.",
        cause);
  }
}
