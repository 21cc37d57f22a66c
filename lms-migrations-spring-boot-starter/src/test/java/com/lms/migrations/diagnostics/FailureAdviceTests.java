package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationLockTimeoutException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a Spring Boot user reads about a failure names properties, not core settings. */
@ExtendWith(MongoDatabaseExtension.class)
class FailureAdviceTests {

  @Test
  void aLockTimeoutNamesTheWaitTimeProperty(TestDatabase db) {
    db.template()
        .insert(
            new Document("_id", "migrations")
                .append("owner", "other")
                .append("host", "pod-4")
                .append("pid", 4L)
                .append("lockedAt", new Date())
                .append("expiresAt", new Date(System.currentTimeMillis() + 120_000)),
            LockSettings.DEFAULT_COLLECTION);
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .settings(
                MigrationSettings.defaults()
                    .withLock(LockSettings.defaults().withWaitTime(Duration.ofMillis(100))))
            .migration(TestMigration.recording("one", 1))
            .build();

    RuntimeException timeout = catchRuntimeException(runner::upAll);

    assertThat(timeout).isInstanceOf(MigrationLockTimeoutException.class);
    assertThat(timeout.getMessage()).contains("(LockSettings.waitTime)");
    assertThat(FailureAdvice.describe(timeout))
        .contains("wait for it or raise the wait time (lms.migrations.lock.wait-time)")
        .doesNotContain("LockSettings");
  }

  @Test
  void everySettingIsNamedByItsProperty() {
    assertThat(
            FailureAdvice.withPropertyNames(
                "raise the lease time (LockSettings.leaseTime); point MigrationSettings.collection"
                    + " elsewhere; MigrationSettings.logLimit is fine"))
        .isEqualTo(
            "raise the lease time (lms.migrations.lock.lease-time); point"
                + " lms.migrations.collection elsewhere; lms.migrations.log-limit is fine");
  }
}
