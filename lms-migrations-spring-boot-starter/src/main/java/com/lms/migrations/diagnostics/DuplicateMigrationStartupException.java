package com.lms.migrations.diagnostics;

import com.lms.migrations.DuplicateMigrationException;

/**
 * Two migration beans share a name or a version, with what the history says of them, so that the
 * advice names the one to change. Holds facts only (the history is read before it is thrown);
 * {@link DuplicateMigrationFailureAnalyzer} turns them into the report.
 */
public final class DuplicateMigrationStartupException extends RuntimeException {

  /** What registration refused. */
  private final DuplicateMigrationException duplicate;

  /** What the history says of both migrations. */
  private final transient DuplicateMigrationHistory history;

  /** The history collection. */
  private final String collection;

  /** The highest version among the migration beans. */
  private final int highestInCode;

  /**
   * Creates the exception.
   *
   * @param duplicate what registration refused
   * @param history what the history says of both migrations
   * @param collection the history collection
   * @param highestInCode the highest version among the migration beans
   */
  public DuplicateMigrationStartupException(
      DuplicateMigrationException duplicate,
      DuplicateMigrationHistory history,
      String collection,
      int highestInCode) {
    super(duplicate.getMessage(), duplicate);
    this.duplicate = duplicate;
    this.history = history;
    this.collection = collection;
    this.highestInCode = highestInCode;
  }

  DuplicateMigrationException getDuplicate() {
    return duplicate;
  }

  DuplicateMigrationHistory getHistory() {
    return history;
  }

  String getCollection() {
    return collection;
  }

  /**
   * The version to advise: above both migrations, every migration bean and every version the
   * history records, including those no longer in the code.
   *
   * @return the next free version
   */
  int nextFreeVersion() {
    return Math.max(
            Math.max(duplicate.getRegistered().version(), duplicate.getDuplicate().version()),
            Math.max(highestInCode, history.highestRecorded()))
        + 1;
  }
}
