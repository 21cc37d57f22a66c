package com.lms.migrations.autoconfigure;

import com.lms.migrations.UnreadableMigrationRecordException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped because a migration's record holds a field it cannot read. */
class UnreadableMigrationRecordFailureAnalyzer
    extends AbstractFailureAnalyzer<UnreadableMigrationRecordException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, UnreadableMigrationRecordException cause) {
    String record =
        "db." + cause.getCollection() + ".%s({_id: '" + cause.getMigrationName() + "'%s})";
    return new FailureAnalysis(
        cause.getMessage(),
        "Look at the record ("
            + record.formatted("findOne", "")
            + ") and correct its field '"
            + cause.getField()
            + "' to what lms-migrations writes there (above). If the migration is RUNNING and its"
            + " runner's mark is broken, set it to FAILED instead ("
            + record.formatted("updateOne", "}, {$set: {status: 'FAILED'}, $unset: {running: ''}")
            + "), and it runs again. Then restart.",
        cause);
  }
}
