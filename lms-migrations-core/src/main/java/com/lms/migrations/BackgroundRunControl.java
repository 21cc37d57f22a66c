package com.lms.migrations;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The controls of one background run: records progress after every batch (only while this holder is
 * the migration's writer), picks up the operator's throttle, and stops a run up between batches
 * when it is paused, a rollback is requested or its instance stops (a rollback is never stopped
 * half way).
 */
final class BackgroundRunControl implements RunControl {

  private final String migration;
  private final String runId;
  private final BackgroundControlStore controls;
  private final BooleanSupplier stopping;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final RunnerIdentity holder;
  private final boolean stoppable;
  private long maxPerSecond;
  private long firstProcessed = -1;
  private long firstAt;
  private @Nullable MigrationSuspendedException suspension;

  BackgroundRunControl(
      String migration,
      String runId,
      BackgroundControlStore controls,
      BooleanSupplier stopping,
      LongSupplier nanoTime,
      Clock clock,
      RunnerIdentity holder,
      boolean stoppable) {
    this.migration = migration;
    this.runId = runId;
    this.controls = controls;
    this.stopping = stopping;
    this.nanoTime = nanoTime;
    this.clock = clock;
    this.holder = holder;
    this.stoppable = stoppable;
    // From here on only this holder records the migration's progress: one that lost the lease
    // (frozen past it) finds its next write refused.
    this.maxPerSecond = controls.claim(migration, holder).maxPerSecond();
  }

  @Override
  public long maxPerSecond(long configured) {
    return maxPerSecond > 0 ? maxPerSecond : configured;
  }

  @Override
  public void batchDone(String job, long processed, @Nullable Long total) {
    long now = nanoTime.getAsLong();
    if (firstProcessed < 0) {
      firstProcessed = processed;
      firstAt = now;
    }
    double seconds = (now - firstAt) / 1e9;
    double rate = seconds > 0 ? (processed - firstProcessed) / seconds : 0;
    BackgroundControlStore.Control control =
        controls
            .recordProgress(migration, holder, runId, job, processed, total, rate, clock.instant())
            .orElseThrow(
                () ->
                    new MigrationLeaseLostException(
                        "while running migration '"
                            + migration
                            + "', before recording its progress (another instance took it"
                            + " over)"));
    maxPerSecond = control.maxPerSecond();
    if (!stoppable) {
      return; // a rollback runs to its end: stopped half way, it would look rolled back
    }
    if (control.paused()) {
      throw suspend("paused by an operator");
    }
    if (control.rollback()) {
      throw suspend("a rollback was requested, which runs from here");
    }
    if (stopping.getAsBoolean()) {
      throw suspend("its instance is shutting down");
    }
  }

  @Override
  public @Nullable MigrationSuspendedException suspension() {
    return suspension;
  }

  private MigrationSuspendedException suspend(String reason) {
    suspension =
        new MigrationSuspendedException(
            "Stopped between batches: " + reason + "; carries on from its checkpoint");
    return suspension;
  }
}
