package com.lms.migrations;

/**
 * Takes a thread's interrupt flag out of the way of bookkeeping. The driver refuses to work on an
 * interrupted thread, so a migration that was interrupted (or that left the flag set) would
 * otherwise leave no record of its outcome and keep the lock for a whole lease. The flag is given
 * back afterwards, so the caller still sees the interrupt.
 */
final class InterruptFlag {

  private boolean interrupted;

  /** Clears the current thread's flag, remembering whether it was set. */
  InterruptFlag clear() {
    interrupted |= Thread.interrupted();
    return this;
  }

  boolean wasSet() {
    return interrupted;
  }

  /** Sets the current thread's flag again if it was set when {@link #clear()} was called. */
  void restore() {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
