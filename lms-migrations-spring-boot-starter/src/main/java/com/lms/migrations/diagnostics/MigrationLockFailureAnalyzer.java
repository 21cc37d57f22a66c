package com.lms.migrations.diagnostics;

import com.lms.migrations.MigrationLockTimeoutException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped because another instance held the migration lock too long. */
class MigrationLockFailureAnalyzer extends AbstractFailureAnalyzer<MigrationLockTimeoutException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MigrationLockTimeoutException cause) {
    return new FailureAnalysis(
        "Migrations were not applied: another instance held the migration lock for longer than"
            + " lms.migrations.lock.wait-time. Holder: "
            + cause.getHolder()
            + ".",
        "If that instance is still migrating, raise lms.migrations.lock.wait-time; if it died,"
            + " its lock expires after lms.migrations.lock.lease-time and the next start proceeds.",
        cause);
  }
}
