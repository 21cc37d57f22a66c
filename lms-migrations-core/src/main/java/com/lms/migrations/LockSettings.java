package com.lms.migrations;

import java.time.Duration;

/**
 * How instances agree on who runs migrations.
 *
 * @param collection the collection holding the lock document
 * @param leaseTime how long a lock lives without a heartbeat; the holder renews it every third of
 *     this
 * @param waitTime how long a runner waits for another instance's run before giving up
 * @param pollInterval the longest a waiting runner waits between two checks of the lock (it waits a
 *     tenth of the time waited so far, at least 10 ms, at most this)
 */
public record LockSettings(
    String collection, Duration leaseTime, Duration waitTime, Duration pollInterval) {

  /** The default lock collection. */
  public static final String DEFAULT_COLLECTION = "lms_migrations_lock";

  /** The default lease. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);

  /** The default wait. */
  public static final Duration DEFAULT_WAIT_TIME = Duration.ofMinutes(5);

  /**
   * The shortest lease: the holder renews it every third, and every read and write of the migration
   * collections must fit in one lease (it is their time limit).
   */
  public static final Duration MIN_LEASE_TIME = Duration.ofSeconds(1);

  /** The holder renews its lease this many times per lease. */
  static final int RENEWALS_PER_LEASE = 3;

  /** The default poll interval. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /**
   * Checks every value, naming the bad one.
   *
   * @param collection the collection holding the lock document
   * @param leaseTime how long a lock lives without a heartbeat; the holder renews it every third of
   *     this
   * @param waitTime how long a runner waits for another instance's run before giving up
   * @param pollInterval the longest a waiting runner waits between two checks of the lock (it waits
   *     a tenth of the time waited so far, at least 10 ms, at most this)
   */
  public LockSettings {
    MigrationSettings.requireCollectionName("lock.collection", "lock collection", collection);
    requirePositive("lock.leaseTime", "lease time", leaseTime);
    if (leaseTime.compareTo(MIN_LEASE_TIME) < 0) {
      throw new InvalidSettingException(
          "lock.leaseTime",
          "lease time",
          leaseTime,
          "must be at least "
              + DurationText.of(MIN_LEASE_TIME)
              + " (it is renewed every third, and each read or write of the migration"
              + " collections must fit in it)");
    }
    if (waitTime == null || waitTime.isNegative()) {
      throw new InvalidSettingException(
          "lock.waitTime", "lock wait time", waitTime, "must not be negative");
    }
    requirePositive("lock.pollInterval", "lock poll interval", pollInterval);
  }

  private static void requirePositive(String setting, String description, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new InvalidSettingException(setting, description, value, "must be positive");
    }
  }

  /**
   * The defaults: {@code lms_migrations_lock}, 30 s lease, 5 min wait, 1 s poll.
   *
   * @return the default settings
   */
  public static LockSettings defaults() {
    return new LockSettings(
        DEFAULT_COLLECTION, DEFAULT_LEASE_TIME, DEFAULT_WAIT_TIME, DEFAULT_POLL_INTERVAL);
  }

  /**
   * A copy with another collection.
   *
   * @param collection the lock collection
   * @return the new settings
   */
  public LockSettings withCollection(String collection) {
    return new LockSettings(collection, leaseTime, waitTime, pollInterval);
  }

  /**
   * A copy with another lease.
   *
   * @param leaseTime the lease
   * @return the new settings
   */
  public LockSettings withLeaseTime(Duration leaseTime) {
    return new LockSettings(collection, leaseTime, waitTime, pollInterval);
  }

  /**
   * A copy with another wait.
   *
   * @param waitTime the wait
   * @return the new settings
   */
  public LockSettings withWaitTime(Duration waitTime) {
    return new LockSettings(collection, leaseTime, waitTime, pollInterval);
  }

  /**
   * A copy with another poll interval.
   *
   * @param pollInterval the poll interval
   * @return the new settings
   */
  public LockSettings withPollInterval(Duration pollInterval) {
    return new LockSettings(collection, leaseTime, waitTime, pollInterval);
  }

  /** How often the holder renews its lease. */
  Duration heartbeatInterval() {
    // Millisecond arithmetic: Duration.dividedBy goes through BigDecimal, and this is asked before
    // each record of a run.
    return Duration.ofMillis(leaseTime.toMillis() / RENEWALS_PER_LEASE);
  }
}
