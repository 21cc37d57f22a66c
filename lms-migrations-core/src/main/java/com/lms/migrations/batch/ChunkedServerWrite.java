package com.lms.migrations.batch;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Runs one write on the server a chunk at a time: walks the matching documents in {@code _id}
 * order, finds each chunk's upper {@code _id} with one query that returns a single id, then sends
 * one {@code updateMany} (or {@code deleteMany}) over the ids after the last chunk and up to that
 * bound, and checkpoints the bound. No document travels to the client.
 */
final class ChunkedServerWrite {

  /** What one chunk does to the documents between two ids. */
  sealed interface Operation {

    /** Sends the write and returns how many documents it matched (or deleted). */
    long apply(MongoCollection<BsonDocument> collection, Bson chunk);

    String describe();
  }

  /** An update document such as {@code Updates.set("level", "beginner")}. */
  record UpdateDocument(Bson update) implements Operation {
    @Override
    public long apply(MongoCollection<BsonDocument> collection, Bson chunk) {
      return collection.updateMany(chunk, update).getMatchedCount();
    }

    @Override
    public String describe() {
      return "update";
    }
  }

  /** An update written as an aggregation pipeline (MongoDB 4.2 and later). */
  record UpdatePipeline(List<? extends Bson> pipeline) implements Operation {
    @Override
    public long apply(MongoCollection<BsonDocument> collection, Bson chunk) {
      return collection.updateMany(chunk, pipeline).getMatchedCount();
    }

    @Override
    public String describe() {
      return "pipeline update";
    }
  }

  /** Deletes the matching documents. */
  record Delete() implements Operation {
    @Override
    public long apply(MongoCollection<BsonDocument> collection, Bson chunk) {
      return collection.deleteMany(chunk).getDeletedCount();
    }

    @Override
    public String describe() {
      return "delete";
    }
  }

  private final JobStart start;
  private final MongoCollection<BsonDocument> collection;
  private final Bson filter;
  private final int chunkSize;
  private final Operation operation;

  ChunkedServerWrite(
      JobStart start,
      MongoCollection<BsonDocument> collection,
      Bson filter,
      int chunkSize,
      Operation operation) {
    this.start = start;
    this.collection = collection;
    this.filter = filter;
    this.chunkSize = chunkSize;
    this.operation = operation;
  }

  BatchResult run() {
    BsonValue last = start.resumedAfter();
    long processed = start.processed();
    long processedThisRun = 0;
    while (true) {
      Bson remaining = BatchJob.remaining(filter, last);
      BsonValue bound = upperBound(remaining);
      if (bound == null) {
        break;
      }
      start.checkpoints().ensureOwned();
      long matched = apply(Filters.and(remaining, IdOrder.atMost(bound)), last);
      last = bound;
      processed += matched;
      processedThisRun += matched;
      start.checkpoints().save(start.key(), new BatchCheckpoint(last, processed, processed));
      start.progress().batchWritten(processed);
      start.batchDone(processed);
      start.throttle().pace(processedThisRun);
    }
    return start.finish(processed, processedThisRun);
  }

  /**
   * The {@code _id} of the {@code chunkSize}-th remaining match, or of the last one when fewer
   * remain; {@code null} when none does.
   */
  private @Nullable BsonValue upperBound(Bson remaining) {
    BsonDocument bound =
        collection
            .find(remaining)
            .projection(Projections.include("_id"))
            .sort(Sorts.ascending("_id"))
            .skip(chunkSize - 1)
            .limit(1)
            .first();
    if (bound == null) {
      bound =
          collection
              .find(remaining)
              .projection(Projections.include("_id"))
              .sort(Sorts.descending("_id"))
              .limit(1)
              .first();
    }
    return bound == null ? null : bound.get("_id");
  }

  private long apply(Bson chunk, @Nullable BsonValue last) {
    try {
      return operation.apply(collection, chunk);
    } catch (MongoWriteConcernException e) {
      throw BatchWriteException.chunkUnconfirmed(
          start.job(), e.getWriteConcernError(), start.ids().toJava(last));
    } catch (MongoWriteException e) {
      throw BatchWriteException.chunkRefused(
          start.job(), operation.describe(), e.getError().getMessage(), start.ids().toJava(last));
    } catch (MongoCommandException e) {
      if (operation instanceof UpdatePipeline) {
        throw new UnsupportedOperationException(
            "Batch job '"
                + start.job()
                + "': the server refused an update written as an aggregation pipeline ("
                + e.getErrorMessage()
                + "). Pipeline updates need MongoDB 4.2 or later, and the embedded"
                + " mongo-java-server has none; use an update document, or run(transformer) to"
                + " compute the new values in Java",
            e);
      }
      throw BatchWriteException.chunkRefused(
          start.job(), operation.describe(), e.getErrorMessage(), start.ids().toJava(last));
    }
  }
}
