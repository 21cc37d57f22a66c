package com.lms.migrations;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's background worker: one daemon thread that runs background migrations one at a
 * time. {@link #close()} stops it between two batches; the migration it was running is recorded as
 * PENDING and another instance (or the next start) carries on from its checkpoint.
 */
public final class BackgroundWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackgroundWorker.class);

  /** How long {@link #close()} waits for the current batch to end. */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final BackgroundMigrations migrations;
  private final Duration pollInterval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private volatile boolean stopping;

  private BackgroundWorker(BackgroundMigrations migrations, Duration pollInterval) {
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive but was " + pollInterval);
    }
    this.migrations = migrations;
    this.pollInterval = pollInterval;
    this.thread = new Thread(this::work, "lms-migrations-background");
    this.thread.setDaemon(true);
  }

  static BackgroundWorker start(BackgroundMigrations migrations, Duration pollInterval) {
    BackgroundWorker worker = new BackgroundWorker(migrations, pollInterval);
    worker.thread.start();
    return worker;
  }

  private void wakeUp() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the worker thread is still alive.
   *
   * @return {@code true} until it has stopped
   */
  public boolean isRunning() {
    return thread.isAlive();
  }

  private void work() {
    while (!stopping) {
      boolean ran;
      try {
        ran = migrations.runNext(() -> stopping).isPresent();
      } catch (MigrationFailedException e) {
        ran = true; // recorded and logged; the next one may still run
      } catch (RuntimeException e) {
        log.warn("Background migrations: {}; trying again in {}", e.toString(), pollInterval);
        ran = false;
      }
      if (!ran) {
        await();
      }
    }
  }

  private void await() {
    lock.lock();
    try {
      if (!stopping) {
        wake.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the worker: the migration it runs stops after its current batch, within 30 s. Never
   * interrupts the migration's code: a batch that takes longer is left to finish, and the instance
   * that takes the migration up next carries on from its last checkpoint.
   */
  @Override
  public void close() {
    stopping = true;
    wakeUp();
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn(
          "The background worker did not stop within {}; its migration is carried on from its last"
              + " checkpoint once its lease expires",
          STOP_WAIT);
    }
  }
}
