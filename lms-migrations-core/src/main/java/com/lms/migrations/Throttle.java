package com.lms.migrations;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Keeps a batch job under a maximum rate by pausing between batches. */
final class Throttle {

  /** Pauses the current thread. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  static final Sleeper THREAD_SLEEP = TimeUnit.NANOSECONDS::sleep;

  private final long maxPerSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long start;

  Throttle(long maxPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.maxPerSecond = maxPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.start = nanoTime.getAsLong();
  }

  /** Pauses long enough that {@code done} documents took at least {@code done / max} seconds. */
  void pace(long done) {
    if (maxPerSecond <= 0) {
      return;
    }
    long due = TimeUnit.SECONDS.toNanos(done) / maxPerSecond;
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
