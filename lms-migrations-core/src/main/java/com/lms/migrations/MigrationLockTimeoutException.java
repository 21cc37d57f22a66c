package com.lms.migrations;

import java.time.Duration;

/**
 * Another instance held the migration lock for longer than this runner was willing to wait. Nothing
 * was applied by this runner.
 */
public class MigrationLockTimeoutException extends MigrationException {

  private final transient LockHolder holder;

  MigrationLockTimeoutException(LockHolder holder, Duration waited, String lockCollection) {
    super(
        "Could not obtain the migration lock within "
            + DurationText.of(waited)
            + ": it is held by "
            + holder
            + ". If that instance is still migrating, wait for it or raise the wait time"
            + " (LockSettings.waitTime); if it is gone, the lock frees itself when it"
            + " expires (or delete its document from the '"
            + lockCollection
            + "' collection).");
    this.holder = holder;
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
