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
    String collection = cause.getCollection();
    String name = cause.getMigrationName();
    return new FailureAnalysis(
        cause.getMessage(),
        "Look at the record (db."
            + collection
            + ".findOne({_id: '"
            + name
            + "'})) and correct its field '"
            + cause.getField()
            + "', or remove it if the migration is not RUNNING (db."
            + collection
            + ".updateOne({_id: '"
            + name
            + "'}, {$unset: {'"
            + cause.getField()
            + "': ''}})); then restart. Nothing was run or recorded.",
        cause);
  }
}
