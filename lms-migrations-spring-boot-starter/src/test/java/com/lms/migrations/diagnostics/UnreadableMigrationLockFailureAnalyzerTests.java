package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.UnreadableMigrationLockException;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalysis;

@ExtendWith(MongoDatabaseExtension.class)
class UnreadableMigrationLockFailureAnalyzerTests {

  @Test
  void saysToRemoveTheLockOnceNoInstanceRunsMigrations(TestDatabase db) {
    db.database()
        .getCollection("lms_migrations_lock")
        .insertOne(
            new Document("_id", "migrations")
                .append("owner", 7)
                .append("expiresAt", Date.from(Instant.now().plusSeconds(600))));
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(TestMigration.recording("add_tags", 1))
            .build();
    UnreadableMigrationLockException failure =
        catchThrowableOfType(UnreadableMigrationLockException.class, runner::upAll);

    FailureAnalysis analysis =
        new UnreadableMigrationLockFailureAnalyzer().analyze(new IllegalStateException(failure));

    assertThat(analysis.getDescription())
        .startsWith(
            "The migration lock 'migrations' in collection 'lms_migrations_lock' has a field"
                + " 'owner' holding Integer 7 where lms-migrations writes a string");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Make sure no instance is running migrations, then remove the lock"
                + " (db.lms_migrations_lock.deleteOne({_id: 'migrations'})) and restart.");
  }
}
