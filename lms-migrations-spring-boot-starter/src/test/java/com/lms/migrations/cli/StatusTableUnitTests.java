package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status table and its background column, without a database. */
class StatusTableUnitTests {

  private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");

  @Test
  void aRunningMigrationShowsPercentCountsRateAndTimeLeft() {
    assertThat(BackgroundProgressText.of(progress(BackgroundState.RUNNING, 82_000, 200_000L, 5100)))
        .isEqualTo("running 41% (82,000/200,000) 5,100/s ~23s");
  }

  @Test
  void withoutATotalOnlyTheCountIsShown() {
    assertThat(BackgroundProgressText.of(progress(BackgroundState.RUNNING, 82_000, null, 5100)))
        .isEqualTo("running (82,000/?) 5,100/s");
  }

  @Test
  void aStoppedMigrationShowsNoRateButItsThrottle() {
    assertThat(
            BackgroundProgressText.of(
                throttled(progress(BackgroundState.PAUSED, 1500, 5000L, 4000), 250)))
        .isEqualTo("paused 30% (1,500/5,000) max 250/s");
    assertThat(BackgroundProgressText.of(progress(BackgroundState.QUEUED, 0, null, 0)))
        .isEqualTo("queued");
    assertThat(BackgroundProgressText.of(progress(BackgroundState.COMPLETED, 5000, 5000L, 4000)))
        .isEqualTo("completed 100% (5,000/5,000)");
  }

  @Test
  void longTimesLeftAreShownInMinutesOrHours() {
    assertThat(DurationText.of(Duration.ofSeconds(245))).isEqualTo("4m05s");
    assertThat(DurationText.of(Duration.ofMinutes(130))).isEqualTo("2h10m");
  }

  @Test
  void theBackgroundColumnAppearsOnlyWithABackgroundMigrationAndIsEmptyForRegularOnes() {
    MigrationStatus regular =
        new MigrationStatus("add_index", 1, MigrationState.COMPLETED, AT, 12L, null);
    BackgroundProgress backfill = progress(BackgroundState.PAUSED, 1500, 5000L, 4000);

    assertThat(StatusTable.render(List.of(regular), List.of(backfill)))
        .isEqualTo(
            """
            VERSION  NAME       STATUS     EXECUTED AT            TIME  ERROR
                  1  add_index  completed  2026-11-25T10:15:30Z  12 ms
            """);
    assertThat(StatusTable.render(List.of(regular, backfill.status()), List.of(backfill)))
        .isEqualTo(
            """
            VERSION  NAME            STATUS     BACKGROUND                EXECUTED AT            TIME  ERROR
                  1  add_index       completed                            2026-11-25T10:15:30Z  12 ms
                  2  backfill_level  pending    paused 30% (1,500/5,000)  -                         -
            """);
  }

  private static BackgroundProgress progress(
      BackgroundState state, long processed, Long total, double rate) {
    MigrationState recorded =
        switch (state) {
          case RUNNING -> MigrationState.RUNNING;
          case COMPLETED -> MigrationState.COMPLETED;
          case FAILED -> MigrationState.FAILED;
          case QUEUED, PAUSED -> MigrationState.PENDING;
        };
    return new BackgroundProgress(
        "backfill_level",
        2,
        state,
        new MigrationStatus("backfill_level", 2, recorded, null, null, null),
        "backfill_level/items",
        processed,
        total,
        rate,
        0,
        state == BackgroundState.RUNNING ? "pod-1" : null,
        AT);
  }

  private static BackgroundProgress throttled(BackgroundProgress progress, long maxPerSecond) {
    return new BackgroundProgress(
        progress.name(),
        progress.version(),
        progress.state(),
        progress.status(),
        progress.job(),
        progress.processed(),
        progress.total(),
        progress.documentsPerSecond(),
        maxPerSecond,
        progress.host(),
        progress.updatedAt());
  }
}
