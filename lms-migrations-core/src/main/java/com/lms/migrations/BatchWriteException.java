package com.lms.migrations;

/**
 * A bulk write of a {@link BatchJob} was refused by the server. Earlier batches stay written and
 * checkpointed, so the next run of the migration resumes after them.
 */
public class BatchWriteException extends MigrationException {

  private final transient Object documentId;

  BatchWriteException(String job, Object documentId, String serverMessage, Object checkpoint) {
    super(
        "Batch job '"
            + job
            + "' could not write the changes for document _id="
            + documentId
            + ": "
            + serverMessage
            + ". Earlier batches are written and checkpointed"
            + (checkpoint == null ? "" : " (up to _id=" + checkpoint + ")")
            + "; fix the cause and run the migration again to resume from there.");
    this.documentId = documentId;
  }

  /**
   * The {@code _id} of the document whose writes failed.
   *
   * @return the id
   */
  public Object getDocumentId() {
    return documentId;
  }
}
