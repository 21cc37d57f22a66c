package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.ForeignMigrationCollectionException;
import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationLockTimeoutException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.background.BackgroundMigrationRunningException;
import com.lms.migrations.tenant.TenantMigrationsFailedException;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a Spring Boot user reads about a failure names properties and endpoint requests, not core
 * settings and calls; the advice comes from the failure's code and fields, never from its text.
 */
@ExtendWith(MongoDatabaseExtension.class)
class FailureAdviceTests {

  @Test
  void aLockTimeoutNamesTheWaitTimeProperty(TestDatabase db) {
    holdLock(db, "migrations");
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
        .isEqualTo(
            timeout
                .getMessage()
                .replace("(LockSettings.waitTime)", "(lms.migrations.lock.wait-time)"))
        .contains("wait for it or raise the wait time (lms.migrations.lock.wait-time)")
        .doesNotContain("LockSettings");
  }

  @Test
  void aForeignHistoryCollectionNamesTheCollectionProperty(TestDatabase db) {
    db.template().getCollection("courses").insertOne(new Document("title", "Algebra"));
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .settings(MigrationSettings.defaults().withCollection("courses"))
            .migration(TestMigration.recording("one", 1))
            .build();

    RuntimeException foreign = catchRuntimeException(runner::upAll);

    assertThat(foreign).isInstanceOf(ForeignMigrationCollectionException.class);
    assertThat(FailureAdvice.describe(foreign))
        .startsWith("Collection 'courses' holds a document that is not a migration record")
        .endsWith(
            "so it is not the migration history. Point lms.migrations.collection at a collection"
                + " used only by lms-migrations.")
        .doesNotContain("MigrationSettings");
  }

  @Test
  void aBackgroundMigrationRunByAWorkerNamesThePauseRequest(TestDatabase db) {
    holdLock(db, "background:backfill_level");
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(Backfill.migration("backfill_level", 1, item -> {}))
            .build();

    RuntimeException running = catchRuntimeException(() -> runner.up("backfill_level"));

    assertThat(running).isInstanceOf(BackgroundMigrationRunningException.class);
    assertThat(FailureAdvice.describe(running))
        .startsWith("Background migration 'backfill_level' is being run by owner other on host")
        .endsWith(
            "; pause it (POST /actuator/migrations/backfill_level {\"action\":\"pause\"}) and try"
                + " again once it has stopped between two batches")
        .doesNotContain("MigrationRunner");
  }

  @Test
  void aMigrationsOwnErrorIsQuotedAsItIs(TestDatabase db) {
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(
                TestMigration.of(
                    "one",
                    1,
                    ctx -> {
                      throw new IllegalStateException(
                          "MigrationSettings.collection of our own config is unset");
                    },
                    ctx -> {}))
            .build();

    RuntimeException failed = catchRuntimeException(runner::upAll);

    assertThat(failed).isInstanceOf(MigrationFailedException.class);
    assertThat(FailureAdvice.describe(failed))
        .contains(
            "IllegalStateException: MigrationSettings.collection of our own config is unset.");
  }

  @Test
  void aTenantsFailureNamesTheProperty(TestDatabase db) {
    holdLock(db, "migrations");
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .settings(
                MigrationSettings.defaults()
                    .withLock(LockSettings.defaults().withWaitTime(Duration.ofMillis(100))))
            .migration(TestMigration.recording("one", 1))
            .build();
    RuntimeException timeout = catchRuntimeException(runner::upAll);
    TenantRunReport report =
        new TenantRunReport(
            List.of(
                new TenantOutcome(
                    "school_a", TenantOutcome.State.FAILED, List.of(), timeout, Duration.ZERO)));

    RuntimeException failed = catchRuntimeException(report::throwIfFailed);

    assertThat(failed).isInstanceOf(TenantMigrationsFailedException.class);
    assertThat(FailureAdvice.describe(failed))
        .startsWith("Migrations failed for 1 of 1 tenant:\n  - tenant 'school_a': Could not obtain")
        .contains("raise the wait time (lms.migrations.lock.wait-time)")
        .doesNotContain("LockSettings");
  }

  @Test
  void theAdviceIsBuiltFromTheCodeNotFromTheMessage() {
    MigrationException leaseLost = new LeaseLost();

    assertThat(leaseLost.code()).isEqualTo(ErrorCode.LEASE_LOST);
    assertThat(leaseLost.getMessage()).isEqualTo("Lost the lock.");
    assertThat(FailureAdvice.describe(leaseLost))
        .isEqualTo("Lost the lock; raise lms.migrations.lock.lease-time.");
  }

  @Test
  void settingsAreNamedByTheirPropertiesAndAPauseByTheEndpointsRequest() {
    assertThat(PropertyAdviceNames.INSTANCE.setting("lock.leaseTime"))
        .isEqualTo("lms.migrations.lock.lease-time");
    assertThat(PropertyAdviceNames.INSTANCE.setting("collection"))
        .isEqualTo("lms.migrations.collection");
    assertThat(PropertyAdviceNames.INSTANCE.setting("requiredWaitTime"))
        .isEqualTo("lms.migrations.required-wait-time");
    assertThat(PropertyAdviceNames.INSTANCE.pause("backfill"))
        .isEqualTo("POST /actuator/migrations/backfill {\"action\":\"pause\"}");
  }

  /** A failure whose plain message names no setting: the advice cannot come from the text. */
  private static final class LeaseLost extends MigrationException {

    LeaseLost() {
      super(
          ErrorCode.LEASE_LOST,
          names -> "Lost the lock; raise " + names.setting("lock.leaseTime") + ".");
    }

    @Override
    public String getMessage() {
      return "Lost the lock.";
    }
  }

  private static void holdLock(TestDatabase db, String id) {
    db.template()
        .insert(
            new Document("_id", id)
                .append("owner", "other")
                .append("host", "pod-4")
                .append("pid", 4L)
                .append("lockedAt", new Date())
                .append("expiresAt", new Date(System.currentTimeMillis() + 120_000)),
            LockSettings.DEFAULT_COLLECTION);
  }
}
