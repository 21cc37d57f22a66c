package com.lms.migrations.batch;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationFailedException;
import org.jspecify.annotations.Nullable;

/**
 * The transformer of a {@link BatchJob} threw on a document. Earlier batches stay written and
 * checkpointed, so the next run of the migration resumes after them once the document or the
 * transformer is fixed.
 */
public class BatchTransformException extends MigrationException {

  /** The document the transformer threw on. */
  private final transient @Nullable Object documentId;

  BatchTransformException(String job, @Nullable Object documentId, Exception cause) {
    super(
        ErrorCode.BATCH_TRANSFORM_FAILED,
        "Batch job '"
            + job
            + "' could not transform document _id="
            + documentId
            + ": "
            + MigrationFailedException.describe(cause)
            + ". Earlier batches are written and checkpointed; fix the document or the"
            + " transformer and run the migration again to resume from there.",
        cause);
    this.documentId = documentId;
  }

  /**
   * The {@code _id} of the document the transformer threw on.
   *
   * @return the id
   */
  public @Nullable Object getDocumentId() {
    return documentId;
  }
}
