package com.lms.migrations.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, with a deadline: tests never sleep for a fixed time. */
public final class Poll {

  private Poll() {}

  /**
   * Polls every 20 ms until the condition holds.
   *
   * @param what the condition, for the failure message
   * @param timeout the deadline
   * @param condition the condition
   * @throws AssertionError when the deadline passes first
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what, e);
      }
    }
  }
}
