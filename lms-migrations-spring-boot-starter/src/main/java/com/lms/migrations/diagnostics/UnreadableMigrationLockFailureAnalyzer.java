package com.lms.migrations.diagnostics;

import com.lms.migrations.UnreadableMigrationLockException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped because the migration lock's document cannot be read. */
class UnreadableMigrationLockFailureAnalyzer
    extends AbstractFailureAnalyzer<UnreadableMigrationLockException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnreadableMigrationLockException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Make sure no instance is running migrations, then remove the lock (db."
            + cause.getCollection()
            + ".deleteOne({_id: '"
            + cause.getLockId()
            + "'})) and restart.",
        cause);
  }
}
