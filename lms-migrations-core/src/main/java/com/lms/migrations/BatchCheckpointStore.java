package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Keeps batch job checkpoints, one document per migration in their own collection: they are written
 * outside any transaction, so they must not share a document with the status that a transaction
 * updates.
 */
final class BatchCheckpointStore {

  private final MongoTemplate direct;
  private final String collection;
  private final String statusCollection;

  BatchCheckpointStore(MongoTemplate direct, String statusCollection) {
    this.direct = direct;
    this.statusCollection = statusCollection;
    this.collection = statusCollection + "_checkpoints";
  }

  Optional<BatchCheckpoint> load(String migration, String key) {
    Document document =
        checkpoints().find(eq("_id", migration)).projection(Projections.include(key)).first();
    Document checkpoint = document == null ? null : document.get(key, Document.class);
    return Optional.ofNullable(checkpoint)
        .map(c -> new BatchCheckpoint(c.get("lastId"), ((Number) c.get("processed")).longValue()));
  }

  /**
   * Saves a checkpoint, only while this runner owns the migration's running mark.
   *
   * @return {@code false} when another runner has taken the migration over
   */
  boolean save(String migration, String key, BatchCheckpoint checkpoint, RunnerIdentity me) {
    boolean mine =
        direct
                .getCollection(statusCollection)
                .find(and(eq("_id", migration), eq("running.owner", me.owner())))
                .projection(Projections.include("_id"))
                .first()
            != null;
    if (!mine) {
      return false;
    }
    checkpoints()
        .updateOne(
            eq("_id", migration),
            Updates.set(
                key,
                new Document("lastId", checkpoint.lastId())
                    .append("processed", checkpoint.processed())),
            new UpdateOptions().upsert(true));
    return true;
  }

  void clear(String migration, String key) {
    checkpoints().updateOne(eq("_id", migration), Updates.unset(key));
  }

  void clearAll(String migration) {
    checkpoints().deleteOne(eq("_id", migration));
  }

  private MongoCollection<Document> checkpoints() {
    return direct.getCollection(collection);
  }
}
