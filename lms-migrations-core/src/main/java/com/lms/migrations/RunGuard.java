package com.lms.migrations;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets one call of a runner change the database at a time within this process, and refuses a call
 * from inside a running migration or listener (the database lock would take it for its own holder
 * and release it underneath the outer run).
 */
final class RunGuard {

  private final ReentrantLock lock = new ReentrantLock();

  <T> T run(Supplier<T> work) {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "A migration or listener called the MigrationRunner that is running it; apply or roll"
              + " back migrations from outside a migration");
    }
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
