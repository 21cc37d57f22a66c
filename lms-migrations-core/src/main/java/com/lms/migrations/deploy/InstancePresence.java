package com.lms.migrations.deploy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's announced presence: renews its record on a daemon thread until closed, then
 * removes it.
 */
public final class InstancePresence implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InstancePresence.class);

  /** What the engine does for a presence. */
  public interface Record {

    /** Writes or renews the record (one write). */
    void renew();

    /** Removes the record. */
    void remove();
  }

  private final Record record;
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  private InstancePresence(Record record, ScheduledExecutorService timer) {
    this.record = record;
    this.timer = timer;
  }

  /**
   * Writes the record now and renews it every {@code interval}.
   *
   * @param record what renewing and removing do
   * @param interval how often to renew
   * @return the presence
   */
  public static InstancePresence start(Record record, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    record.renew();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "lms-migrations-instance");
              thread.setDaemon(true);
              return thread;
            });
    InstancePresence presence = new InstancePresence(record, timer);
    timer.scheduleWithFixedDelay(
        presence::renew, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    return presence;
  }

  private void renew() {
    try {
      record.renew();
    } catch (RuntimeException e) {
      if (!closed) {
        // The next renewal tries again; three missed in a row and the record lapses.
        log.warn("Could not renew this instance's record: {}", e.toString());
      }
    }
  }

  /** Stops renewing and removes the record (waits up to 5 s for a renewal under way). */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      record.remove();
    } catch (RuntimeException e) {
      log.warn("Could not remove this instance's record (it lapses on its own): {}", e.toString());
    }
  }
}
