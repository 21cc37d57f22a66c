package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.UnreadableMigrationRecordException;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalysis;

@ExtendWith(MongoDatabaseExtension.class)
class UnreadableMigrationRecordFailureAnalyzerTests {

  @Test
  void saysHowToLookAtAndMendTheField(TestDatabase db) {
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(TestMigration.recording("add_tags", 1))
            .build();
    runner.upAll();
    db.database()
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_tags"),
            new Document("$set", new Document("executedAt", "yesterday")));
    UnreadableMigrationRecordException failure =
        catchThrowableOfType(UnreadableMigrationRecordException.class, runner::upAll);

    FailureAnalysis analysis =
        new UnreadableMigrationRecordFailureAnalyzer().analyze(new IllegalStateException(failure));

    assertThat(analysis.getDescription())
        .startsWith(
            "The record of migration 'add_tags' in collection 'lms_migrations' has a field"
                + " 'executedAt' holding String yesterday where lms-migrations writes a date");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Look at the record (db.lms_migrations.findOne({_id: 'add_tags'})) and correct its"
                + " field 'executedAt' to what lms-migrations writes there (above). If the"
                + " migration is RUNNING and its runner's mark is broken, set it to FAILED instead"
                + " (db.lms_migrations.updateOne({_id: 'add_tags'}, {$set: {status: 'FAILED'},"
                + " $unset: {running: ''}})), and it runs again. Then restart.");
  }
}
