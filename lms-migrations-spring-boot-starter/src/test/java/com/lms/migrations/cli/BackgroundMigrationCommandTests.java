package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command line with a background migration: its progress in {@code status}, and {@code pause},
 * {@code resume} and {@code throttle}. Another instance, started by the test, runs it.
 */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class BackgroundMigrationCommandTests {

  private static final String NAME = "--lms.migrations.name=backfill_level";

  private TestDatabase db;
  private MigrationRunner otherInstance;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    Backfill.insertItems(db.database());
    otherInstance = new MigrationRunner(db.newTemplate());
  }

  @Test
  void statusShowsTheProgressOfABackgroundMigrationAnotherInstanceRuns(CapturedOutput output)
      throws Exception {
    Backfill.Hold hold = new Backfill.Hold();
    otherInstance.register(Backfill.migration("backfill_level", 3, hold));
    try (BackgroundWorker worker = otherInstance.background().start(Duration.ofMillis(50));
        hold) {
      hold.awaitHeld(db.database());

      assertThat(run("--lms.migrations.command=status")).isZero();
    }

    // The other instance logged to stdout before the command sent console logging to stderr.
    List<String> lines =
        output.getOut().lines().dropWhile(line -> !line.startsWith("VERSION")).toList();
    assertThat(lines.get(0))
        .matches("VERSION  NAME            STATUS   BACKGROUND +EXECUTED AT  TIME  ERROR");
    assertThat(lines.get(1)).matches("      1  seed_courses    pending +-  +-");
    assertThat(lines.get(3))
        .matches(
            "      3  backfill_level  running  running 20% \\(1,000/5,000\\) [\\d,]+/s ~[\\d.hms]+ +-"
                + " +-");
    assertThat(lines.get(4)).isEqualTo("Current version: 0, pending: 3");
  }

  @Test
  void aDryRunSaysThatAPendingBackgroundMigrationIsLeftToTheWorker(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--lms.migrations.dry-run=true")).isZero();

    assertThat(output.getOut())
        .contains("Would apply 2 migrations; nothing was changed. Current version: 0, pending: 3")
        .contains(
            "Not applied by migrate: background migration backfill_level (version 3); a worker"
                + " runs it once the application is ready.");
  }

  @Test
  void pauseAndResumeReachWhicheverInstanceRunsIt(CapturedOutput output) {
    otherInstance.register(Backfill.migration("backfill_level", 3, item -> {}));

    assertThat(run("--lms.migrations.command=pause", NAME)).isZero();

    assertThat(output.getOut())
        .contains("      3  backfill_level  pending  paused")
        .contains(
            "Paused background migration 'backfill_level': no worker starts it until it is"
                + " resumed.");
    assertThat(progress().state()).isEqualTo(BackgroundState.PAUSED);
    assertThat(otherInstance.background().runNext(() -> false)).isEmpty();

    assertThat(run("--lms.migrations.command=resume", NAME)).isZero();

    assertThat(output.getOut())
        .contains("      3  backfill_level  pending  queued")
        .contains(
            "Resumed background migration 'backfill_level': a worker carries it on from its last"
                + " checkpoint when it next looks for work.");
    assertThat(otherInstance.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void rollbackInBackgroundQueuesItsDownForAWorker(CapturedOutput output) {
    otherInstance.register(Backfill.migration("backfill_level", 3, item -> {}));
    otherInstance.background().runNext(() -> false);

    assertThat(run("--lms.migrations.command=rollback-in-background", NAME)).isZero();

    assertThat(output.getOut())
        .contains(
            "Queued the rollback of background migration 'backfill_level': a worker runs its down"
                + " to the end when it next looks for work (once it is resumed, if it is paused),"
                + " then leaves it paused.");
    assertThat(otherInstance.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(progress().state()).isEqualTo(BackgroundState.PAUSED);
  }

  @Test
  void pausingARunningMigrationStopsItAfterItsCurrentBatch(CapturedOutput output) throws Exception {
    Backfill.Hold hold = new Backfill.Hold();
    otherInstance.register(Backfill.migration("backfill_level", 3, hold));
    try (BackgroundWorker worker = otherInstance.background().start(Duration.ofMillis(50));
        hold) {
      hold.awaitHeld(db.database());

      assertThat(run("--lms.migrations.command=pause", NAME)).isZero();

      assertThat(output.getOut())
          .containsPattern("3  backfill_level  running  running 20% \\(1,000/5,000\\)")
          .contains(
              "Paused background migration 'backfill_level': it stops after its current batch,"
                  + " keeping its checkpoint.");
      hold.release();
      Poll.until(
          "the other instance to stop it",
          Duration.ofSeconds(30),
          () -> progress().state() == BackgroundState.PAUSED);
    }
    assertThat(progress().processed()).isEqualTo(1500);
  }

  @Test
  void throttleLimitsTheRateAndZeroGoesBackToTheMigrationsOwnLimit(CapturedOutput output) {
    otherInstance.register(Backfill.migration("backfill_level", 3, item -> {}));

    assertThat(
            run("--lms.migrations.command=throttle", NAME, "--lms.migrations.max-per-second=2500"))
        .isZero();

    assertThat(output.getOut())
        .contains("      3  backfill_level  pending  queued max 2,500/s")
        .contains(
            "Throttled background migration 'backfill_level' to 2,500 documents per second from"
                + " its next batch.");
    assertThat(progress().maxPerSecond()).isEqualTo(2500);

    assertThat(run("--lms.migrations.command=throttle", NAME, "--lms.migrations.max-per-second=0"))
        .isZero();

    assertThat(output.getOut())
        .contains(
            "Background migration 'backfill_level' is back to its own limit from its next batch.");
    assertThat(progress().maxPerSecond()).isZero();
  }

  @Test
  void badBackgroundCommandsAreUsageErrorsNamingTheMistake(CapturedOutput output) {
    otherInstance.register(Backfill.migration("backfill_level", 3, item -> {}));

    assertThat(run("--lms.migrations.command=throttle", NAME)).isEqualTo(2);
    assertThat(run("--lms.migrations.command=throttle", NAME, "--lms.migrations.max-per-second=x"))
        .isEqualTo(2);
    assertThat(run("--lms.migrations.command=throttle", NAME, "--lms.migrations.max-per-second=-5"))
        .isEqualTo(2);
    assertThat(run("--lms.migrations.command=pause")).isEqualTo(2);
    assertThat(run("--lms.migrations.command=pause", "--lms.migrations.name=seed_courses"))
        .isEqualTo(2);
    assertThat(run("--lms.migrations.command=resume", "--lms.migrations.name=nope")).isEqualTo(1);

    assertThat(output.getErr())
        .contains(
            "Error: Command 'throttle' needs --lms.migrations.max-per-second=<n>: the most"
                + " documents per second, or 0 to go back to the migration's own limit\n")
        .contains("Error: Max per second must be a whole number but was 'x'\n")
        .contains("Error: Max per second must be 0 or more but was -5\n")
        .contains("Error: Command 'pause' needs --lms.migrations.name=<migration>\n")
        .contains(
            "Error: Migration 'seed_courses' is not a background migration; only background"
                + " migrations can be paused, resumed or throttled (backfill_level)\n")
        .contains("Error: No migration named 'nope' is registered")
        .contains("  pause         --lms.migrations.name=<background migration>\n")
        .contains("  resume        --lms.migrations.name=<background migration>\n")
        .contains(
            "  throttle      --lms.migrations.name=<background migration>"
                + " --lms.migrations.max-per-second=<n> (0: its own limit)\n");
    assertThat(progress().state()).isEqualTo(BackgroundState.QUEUED);
    assertThat(progress().maxPerSecond()).isZero();
  }

  private BackgroundProgress progress() {
    return otherInstance.background().progress("backfill_level");
  }

  private int run(String... args) {
    CommandTestApplication.exitCode.set(-1);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--spring.mongodb.uri=" + db.uri());
    all.add("--management.health.mongodb.enabled=false");
    all.add("--test.background=true");
    all.add("--lms.migrations.background.enabled=false");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(CommandTestApplication.class)
            .run(all.toArray(String[]::new))) {
      return CommandTestApplication.exitCode.get();
    }
  }
}
