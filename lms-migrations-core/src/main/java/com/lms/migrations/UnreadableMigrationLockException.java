package com.lms.migrations;

import org.jspecify.annotations.Nullable;

/**
 * The migration lock's document has a field lms-migrations cannot read, typically because it was
 * edited by hand: who holds the lock cannot be told, so it is neither taken over nor removed, and
 * lms-migrations stops there, running nothing more. The message says how to remove it once no
 * instance is running migrations.
 */
public class UnreadableMigrationLockException extends MigrationException {

  /** The collection holding the lock. */
  private final String collection;

  /** The lock's id. */
  private final String lockId;

  /** The field that cannot be read. */
  private final String field;

  UnreadableMigrationLockException(
      String collection, String lockId, String field, @Nullable Object value, String expected) {
    super(
        ErrorCode.UNREADABLE_LOCK,
        "The migration lock '"
            + lockId
            + "' in collection '"
            + collection
            + "' has a field '"
            + field
            + "' holding "
            + BoundedText.describeValue(value)
            + " where lms-migrations writes "
            + expected
            + ", so who holds it cannot be read; it was neither taken over nor removed, and"
            + " lms-migrations stopped there without running anything more. Was it edited by hand?"
            + " Once no instance is running"
            + " migrations, remove it (db."
            + collection
            + ".deleteOne({_id: '"
            + lockId
            + "'})) and run again.");
    this.collection = collection;
    this.lockId = lockId;
    this.field = field;
  }

  /**
   * The collection holding the lock.
   *
   * @return its name
   */
  public String getCollection() {
    return collection;
  }

  /**
   * The lock's id: {@code migrations}, or {@code background:<name>} for a background migration's.
   *
   * @return the {@code _id} of its document
   */
  public String getLockId() {
    return lockId;
  }

  /**
   * The field that cannot be read.
   *
   * @return its name
   */
  public String getField() {
    return field;
  }
}
