package com.lms.migrations.batch;

import com.mongodb.client.model.WriteModel;
import java.util.List;
import org.bson.Document;

/**
 * Turns one streamed document into zero or more writes for a {@link BatchJob}, for example an
 * {@link com.mongodb.client.model.UpdateOneModel} that sets a field on it.
 */
@FunctionalInterface
public interface DocumentTransformer {

  /**
   * Computes the writes for one document.
   *
   * @param document the document as read (with the job's projection)
   * @return the writes to send; empty to leave the document alone
   * @throws Exception any failure; it fails the migration, earlier batches stay written
   */
  List<? extends WriteModel<Document>> transform(Document document) throws Exception;
}
