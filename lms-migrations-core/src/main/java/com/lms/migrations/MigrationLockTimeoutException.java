package com.lms.migrations;

import java.time.Duration;

/**
 * Another instance held the migration lock for longer than this runner was willing to wait. Nothing
 * was applied by this runner.
 */
public class MigrationLockTimeoutException extends MigrationException {

  private final transient LockHolder holder;

  /** How long this runner waited. */
  private final Duration waited;

  /** The collection holding the lock. */
  private final String lockCollection;

  MigrationLockTimeoutException(LockHolder holder, Duration waited, String lockCollection) {
    super(
        ErrorCode.LOCK_TIMEOUT,
        names ->
            "Could not obtain the migration lock within "
                + DurationText.of(waited)
                + ": it is held by "
                + holder
                + ". If that instance is still migrating, wait for it or raise the wait time"
                + " ("
                + names.setting("lock.waitTime")
                + "); if it is gone, the lock frees itself when it"
                + " expires (or delete its document from the '"
                + lockCollection
                + "' collection).");
    this.holder = holder;
    this.waited = waited;
    this.lockCollection = lockCollection;
  }

  /**
   * How long this runner waited for the lock: the wait time ({@code lock.waitTime}).
   *
   * @return the wait
   */
  public Duration getWaited() {
    return waited;
  }

  /**
   * The collection holding the lock, where its document can be deleted once its holder is gone.
   *
   * @return its name
   */
  public String getLockCollection() {
    return lockCollection;
  }

  /**
   * Who held the lock when the wait ran out.
   *
   * @return the holder
   */
  public LockHolder getHolder() {
    return holder;
  }
}
