package com.lms.migrations.diagnostics;

import com.lms.migrations.UnreadableMigrationRecordException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped because a migration's record holds a field it cannot read. */
class UnreadableMigrationRecordFailureAnalyzer
    extends AbstractFailureAnalyzer<UnreadableMigrationRecordException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, UnreadableMigrationRecordException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Look at the record ("
            + shell(cause, "findOne", "")
            + ") and correct its field '"
            + cause.getField()
            + "' to what lms-migrations writes there (above). If the migration is RUNNING and its"
            + " runner's mark is broken, set it to FAILED instead ("
            + shell(cause, "updateOne", ", {$set: {status: 'FAILED'}, $unset: {running: ''}}")
            + "), and it runs again. Then restart.",
        cause);
  }

  /** A mongosh call on the record: {@code db.<collection>.<method>({_id: '<name>'}<rest>)}. */
  private static String shell(
      UnreadableMigrationRecordException cause, String method, String rest) {
    return "db."
        + cause.getCollection()
        + "."
        + method
        + "({_id: '"
        + cause.getMigrationName()
        + "'}"
        + rest
        + ")";
  }
}
