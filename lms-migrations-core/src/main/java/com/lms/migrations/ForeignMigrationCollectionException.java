package com.lms.migrations;

import org.bson.Document;

/**
 * The status collection holds a document that lms-migrations did not write, typically because the
 * configured collection ({@link MigrationSettings#collection()}) is one the application uses for
 * something else. Nothing is run or recorded while this is so.
 */
public class ForeignMigrationCollectionException extends MigrationException {

  /** The collection that is not a migration history. */
  private final String collection;

  ForeignMigrationCollectionException(String collection, Document document) {
    super(
        ErrorCode.FOREIGN_HISTORY_COLLECTION,
        names ->
            "Collection '"
                + collection
                + "' holds a document that is not a migration record (_id="
                + document.get("_id")
                + ", fields "
                + document.keySet()
                + "), so it is not the migration history. Point "
                + names.setting("collection")
                + " at a collection used only by lms-migrations.");
    this.collection = collection;
  }

  /**
   * The collection that is not a migration history.
   *
   * @return its name
   */
  public String getCollection() {
    return collection;
  }
}
