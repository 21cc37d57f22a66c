package com.lms.migrations.batch;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.WriteConcernError;
import java.util.function.IntFunction;

/**
 * A bulk write of a {@link BatchJob} was refused by the server. Earlier batches stay written and
 * checkpointed, so the next run of the migration resumes after them.
 */
public class BatchWriteException extends MigrationException {

  private final transient Object documentId;

  BatchWriteException(String job, Object documentId, String serverMessage, Object checkpoint) {
    this(
        "Batch job '"
            + job
            + "' could not write the changes for document _id="
            + documentId
            + ": "
            + serverMessage
            + ". "
            + resumeAdvice(checkpoint),
        documentId);
  }

  private BatchWriteException(String message, Object documentId) {
    super(ErrorCode.BATCH_WRITE_FAILED, message);
    this.documentId = documentId;
  }

  /**
   * Describes a refused bulk write: the first document whose write failed, or, when only the write
   * concern failed (a replica set too slow to confirm, say), the server's code and message.
   *
   * @param sourceOfWrite the {@code _id} of the document that each write (by index) came from
   */
  static BatchWriteException of(
      String job, MongoBulkWriteException e, IntFunction<Object> sourceOfWrite, Object checkpoint) {
    if (e.getWriteErrors().isEmpty() && e.getWriteConcernError() != null) {
      return unconfirmed(job, e.getWriteConcernError(), checkpoint);
    }
    if (e.getWriteErrors().isEmpty()) {
      return new BatchWriteException(job, null, e.getMessage(), checkpoint);
    }
    BulkWriteError first = e.getWriteErrors().get(0);
    return new BatchWriteException(
        job, sourceOfWrite.apply(first.getIndex()), first.getMessage(), checkpoint);
  }

  private static BatchWriteException unconfirmed(
      String job, WriteConcernError error, Object checkpoint) {
    return new BatchWriteException(
        "Batch job '"
            + job
            + "': MongoDB did not confirm a batch with the requested write concern (error "
            + error.getCode()
            + (error.getCodeName().isEmpty() ? "" : " " + error.getCodeName())
            + ": "
            + error.getMessage()
            + "); its writes may or may not have reached a majority. "
            + resumeAdvice(checkpoint),
        null);
  }

  /** A server-side chunk's write was refused. */
  static BatchWriteException chunkRefused(
      String job, String operation, String serverMessage, Object checkpoint) {
    return new BatchWriteException(
        "Batch job '"
            + job
            + "': the server refused the "
            + operation
            + " of the chunk "
            + (checkpoint == null ? "at the start" : "after _id=" + checkpoint)
            + ": "
            + serverMessage
            + ". "
            + resumeAdvice(checkpoint),
        null);
  }

  /** A server-side chunk's write was not confirmed with the requested write concern. */
  static BatchWriteException chunkUnconfirmed(
      String job, WriteConcernError error, Object checkpoint) {
    return unconfirmed(job, error, checkpoint);
  }

  private static String resumeAdvice(Object checkpoint) {
    return "Earlier batches are written and checkpointed"
        + (checkpoint == null ? "" : " (up to _id=" + checkpoint + ")")
        + "; fix the cause and run the migration again to resume from there.";
  }

  /**
   * The {@code _id} of the document whose writes failed.
   *
   * @return the id, or {@code null} when the whole batch was refused by a write concern error, or
   *     when a server-side chunk was refused (the server's message may name it)
   */
  public Object getDocumentId() {
    return documentId;
  }
}
