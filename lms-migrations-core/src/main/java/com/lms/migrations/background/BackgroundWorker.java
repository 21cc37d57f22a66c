package com.lms.migrations.background;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.RunRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's background worker: daemon threads (one by default) that run background migrations
 * one at a time each, and wait {@code pollInterval} after a round that found nothing to run. {@link
 * #close()} stops them between two batches; the migration each was running is recorded as PENDING
 * and another instance (or the next start) carries on from its checkpoint.
 */
public final class BackgroundWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackgroundWorker.class);

  /** How long {@link #close()} waits for the current batches to end. */
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Round round;
  private final Duration pollInterval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /** One round of a worker's work. */
  @FunctionalInterface
  public interface Round {

    /**
     * Runs what needs a run now, checking {@code stopping} between batches.
     *
     * @param stopping whether the worker is stopping
     * @return whether anything ran (the worker then goes on without waiting)
     */
    boolean run(BooleanSupplier stopping);
  }

  private BackgroundWorker(Round round, Duration pollInterval) {
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive but was " + pollInterval);
    }
    this.round = round;
    this.pollInterval = pollInterval;
  }

  static BackgroundWorker start(
      BackgroundMigrations migrations, Duration pollInterval, RunRules rules) {
    return start(
        "lms-migrations-background",
        pollInterval,
        1,
        stopping -> {
          try {
            return migrations.runNext(stopping, rules).isPresent();
          } catch (MigrationFailedException e) {
            return true; // recorded and logged; the next one may still run
          }
        });
  }

  /**
   * Starts worker threads that run rounds of background work until closed: what the background
   * migrations of one runner use, and the tenants' workers too.
   *
   * @param name the threads' name (numbered when there are several)
   * @param pollInterval how long a thread waits after a round that ran nothing
   * @param threads how many threads run rounds at once
   * @param round one round; an exception it throws is logged, and the thread waits and goes on
   * @return the running worker
   * @throws IllegalArgumentException when the interval is not positive or threads is under 1
   */
  public static BackgroundWorker start(
      String name, Duration pollInterval, int threads, Round round) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more but was " + threads);
    }
    BackgroundWorker worker = new BackgroundWorker(round, pollInterval);
    for (int i = 1; i <= threads; i++) {
      Thread thread = new Thread(worker::work, threads == 1 ? name : name + "-" + i);
      thread.setDaemon(true);
      worker.threads.add(thread);
    }
    worker.threads.forEach(Thread::start);
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
   * Whether a worker thread is still alive.
   *
   * @return {@code true} until all have stopped
   */
  public boolean isRunning() {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  private void work() {
    while (!stopping) {
      boolean ran;
      try {
        ran = round.run(() -> stopping);
      } catch (RuntimeException e) {
        log.warn(
            "Background migrations: {}; trying again in {}",
            e.toString(),
            DurationText.of(pollInterval));
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
   * Stops the worker: what its threads run stops after the current batch, within 30 s in all. Never
   * interrupts a migration's code: a batch that takes longer is left to finish, and the instance
   * that takes the migration up next carries on from its last checkpoint.
   */
  @Override
  public void close() {
    stopping = true;
    wakeUp();
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (isRunning()) {
      log.warn(
          "The background worker did not stop within {}; its migration is carried on from its last"
              + " checkpoint once its lease expires",
          DurationText.of(STOP_WAIT));
    }
  }
}
