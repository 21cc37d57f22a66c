package com.lms.migrations;

import org.bson.Document;

/**
 * The status collection holds a document that lms-migrations did not write, typically because the
 * configured collection ({@code lms.migrations.collection}) is one the application uses for
 * something else. Nothing is run or recorded while this is so.
 */
public class ForeignMigrationCollectionException extends MigrationException {

  ForeignMigrationCollectionException(String collection, Document document) {
    super(
        "Collection '"
            + collection
            + "' holds a document that is not a migration record (_id="
            + document.get("_id")
            + ", fields "
            + document.keySet()
            + "), so it is not the migration history. Point lms.migrations.collection (or"
            + " MigrationSettings.collection) at a collection used only by lms-migrations.");
  }
}
