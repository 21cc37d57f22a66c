package com.lms.migrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deploy check answers each reason with one line, and nothing when the rollout is safe. */
@ExtendWith(MongoDatabaseExtension.class)
class DeployCheckTests {

  private static final Clock NOW = Clock.systemUTC();

  @Test
  void aDatabaseWithEverythingAppliedIsSafeToRollOutTo(TestDatabase db) {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("add_tags", 1));
    runner.upAll();
    runner.register(TestMigration.recording("add_levels", 2));

    DeployCheckResult result = DeployCheck.check(runner, 2, NOW);

    assertThat(result.safe()).isTrue();
    assertThat(result.reasons()).isEmpty();
  }

  @Test
  void aFailedMigrationIsAReason(TestDatabase db) {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "add_tags",
            1,
            ctx -> {
              throw new IllegalStateException("course c1 has no title");
            },
            ctx -> {}));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    assertThat(DeployCheck.check(runner, 1, NOW).reasons())
        .containsExactly(
            "migration 'add_tags' (version 1) FAILED: IllegalStateException: course c1 has no"
                + " title; fix it or roll it back first");
  }

  @Test
  void aHistoryThisBuildDoesNotKnowIsAReason(TestDatabase db) {
    MigrationRunner newer = new MigrationRunner(db.template());
    newer.register(TestMigration.recording("add_tags", 1));
    newer.register(TestMigration.recording("add_levels", 2));
    newer.upAll();
    MigrationRunner older = new MigrationRunner(db.template());
    older.register(TestMigration.recording("add_tags", 1));

    assertThat(DeployCheck.check(older, 1, NOW).reasons())
        .containsExactly(
            "a history this build does not know: migration 'add_levels' (version 2) was applied"
                + " by a newer build");
  }

  @Test
  void driftInAnAppliedMigrationsCodeIsAReason(TestDatabase db) {
    MigrationRunner before = new MigrationRunner(db.template());
    before.register(withChecksum("add_tags", "one"));
    before.upAll();
    MigrationRunner after = new MigrationRunner(db.template());
    after.register(withChecksum("add_tags", "two"));

    assertThat(DeployCheck.check(after, 1, NOW).reasons())
        .singleElement()
        .asString()
        .startsWith("drift: ")
        .contains("add_tags");
  }

  @Test
  void anUnfinishedRequiredOrFailedBackgroundMigrationIsAReason(TestDatabase db) {
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
                "backfill_level",
                1,
                ctx -> {
                  throw new IllegalStateException("bad document");
                },
                ctx -> {})
            .inBackground());
    runner.register(TestMigration.recording("add_level_index", 2).requiring("backfill_level"));
    assertThatThrownBy(() -> runner.background().runNext(() -> false))
        .isInstanceOf(MigrationFailedException.class);

    assertThat(DeployCheck.check(runner, 2, NOW).reasons())
        .satisfiesExactly(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "migration 'add_level_index' (version 2) requires background migration"
                            + " 'backfill_level', which has not finished (backfill_level: failed"),
            reason -> assertThat(reason).startsWith("background migration backfill_level: failed"));
    assertThat(DeployCheck.check(runner, 1, NOW).reasons())
        .as("below the migration that requires it, only the failure counts")
        .singleElement()
        .asString()
        .startsWith("background migration backfill_level: failed");
  }

  @Test
  void aLockHeldLongerThanAStartingInstanceWaitsIsAReason(TestDatabase db) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(
        TestMigration.of(
            "long_one",
            1,
            ctx -> {
              running.countDown();
              release.await(30, TimeUnit.SECONDS);
            },
            ctx -> {}));
    CompletableFuture<?> run = CompletableFuture.runAsync(runner::upAll);
    try {
      assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
      Poll.until(
          "the lock to be held", Duration.ofSeconds(10), () -> runner.info().lock().isPresent());

      assertThat(DeployCheck.check(runner, 1, NOW).reasons()).isEmpty();
      Clock anHourLater = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
      assertThat(DeployCheck.check(runner, 1, anHourLater).reasons())
          .singleElement()
          .asString()
          .startsWith("the migration lock has been held too long, by owner ")
          .endsWith(": longer than a starting instance waits for it (300 s)");
    } finally {
      release.countDown();
      run.get(30, TimeUnit.SECONDS);
    }
  }

  private static Migration withChecksum(String name, String checksum) {
    TestMigration recording = TestMigration.recording(name, 1);
    return new Migration() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int version() {
        return 1;
      }

      @Override
      public String checksum() {
        return checksum;
      }

      @Override
      public void up(MigrationContext context) throws Exception {
        recording.up(context);
      }

      @Override
      public void down(MigrationContext context) throws Exception {
        recording.down(context);
      }
    };
  }
}
