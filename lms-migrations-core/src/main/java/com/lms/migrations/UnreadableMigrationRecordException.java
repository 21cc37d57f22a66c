package com.lms.migrations;

import org.jspecify.annotations.Nullable;

/**
 * A migration's status document has a field lms-migrations cannot read, typically because it was
 * edited by hand: its recorded state cannot be trusted, so lms-migrations stops where it met the
 * record, running and recording nothing more, until the field is corrected. The message names the
 * collection, the migration, the field and what it holds.
 */
public class UnreadableMigrationRecordException extends MigrationException {

  /** The collection holding the record. */
  private final String collection;

  /** The migration whose record it is. */
  private final String migrationName;

  /** The field that cannot be read, dotted when nested. */
  private final String field;

  UnreadableMigrationRecordException(
      String collection,
      String migrationName,
      String field,
      @Nullable Object value,
      String expected) {
    super(
        ErrorCode.UNREADABLE_RECORD,
        "The record of migration '"
            + migrationName
            + "' in collection '"
            + collection
            + "' has a field '"
            + field
            + "' holding "
            + BoundedText.describeValue(value)
            + " where lms-migrations writes "
            + expected
            + ", so its state cannot be read, and lms-migrations stopped there without running or"
            + " recording anything more. Was it edited by hand? Correct the field in MongoDB. A"
            + " RUNNING record whose runner's mark is broken can instead be set to FAILED, with"
            + " 'running' removed: it then runs again, as after an interrupted run. Check the"
            + " migration's status and history before running again.");
    this.collection = collection;
    this.migrationName = migrationName;
    this.field = field;
  }

  /**
   * The collection holding the record.
   *
   * @return its name
   */
  public String getCollection() {
    return collection;
  }

  /**
   * The migration whose record cannot be read.
   *
   * @return its name
   */
  public String getMigrationName() {
    return migrationName;
  }

  /**
   * The field that cannot be read.
   *
   * @return its name, dotted when nested ({@code running.since})
   */
  public String getField() {
    return field;
  }
}
