package com.lms.migrations.batch;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a batch job under a maximum rate by pausing between batches. The rate is asked for before
 * every pause, so an operator can change it while the job runs; pacing starts over from a change.
 */
final class Throttle {

  /** Pauses the current thread. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  static final Sleeper THREAD_SLEEP = TimeUnit.NANOSECONDS::sleep;

  private final LongSupplier maxPerSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long start;
  private long rate;
  private long doneAtStart;

  Throttle(long maxPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this(() -> maxPerSecond, nanoTime, sleeper);
  }

  Throttle(LongSupplier maxPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.maxPerSecond = maxPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.start = nanoTime.getAsLong();
    this.rate = maxPerSecond.getAsLong();
  }

  /**
   * Pauses long enough that the {@code done} documents since the rate was set took at least {@code
   * done / max} seconds.
   */
  void pace(long done) {
    long max = maxPerSecond.getAsLong();
    if (max != rate) {
      rate = max;
      start = nanoTime.getAsLong();
      doneAtStart = done;
      return;
    }
    if (max <= 0) {
      return;
    }
    long due = TimeUnit.SECONDS.toNanos(done - doneAtStart) / max;
    long ahead = due - (nanoTime.getAsLong() - start);
    if (ahead > 0) {
      try {
        sleeper.sleep(ahead);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("Interrupted while throttling a batch job");
      }
    }
  }
}
