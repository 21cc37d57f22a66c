package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.lms.migrations.batch.BatchCheckpoint;
import com.lms.migrations.batch.JobKey;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.conversions.Bson;

/**
 * Keeps batch job checkpoints, one document per job in their own collection: they are written
 * outside any transaction, so they must not share a document with the status that a transaction
 * updates.
 *
 * <p>A checkpoint belongs to one run of a migration in one direction (its {@code run} id). A run
 * that resumes a failed or interrupted run in the same direction carries on that run's id; any
 * other run has a new id, so it never sees checkpoints left by another run or direction.
 */
final class BatchCheckpointStore {

  /** The field naming the holder that saves a job's checkpoints. */
  private static final String WRITER = "writer";

  private final LibraryCollections collections;
  private final String collection;
  private final String statusCollection;

  BatchCheckpointStore(LibraryCollections collections, String statusCollection) {
    this.collections = collections;
    this.statusCollection = statusCollection;
    this.collection = MigrationSettings.checkpointCollection(statusCollection);
  }

  /**
   * The checkpoint of a job, if the run {@code runId} saved one, which {@code holder} takes over in
   * the same round trip: from then on a holder that lost the migration's lease (frozen past it) can
   * no longer save a checkpoint of this job.
   */
  Optional<BatchCheckpoint> load(
      String migration, JobKey job, String runId, RunnerIdentity holder) {
    BsonDocument document =
        checkpoints()
            .findOneAndUpdate(
                and(eq("_id", id(migration, job)), eq("run", runId)),
                new BsonDocument("$set", new BsonDocument(WRITER, new BsonString(holder.owner()))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (document == null) {
      return Optional.empty();
    }
    long processed = document.getNumber("processed").longValue();
    // A checkpoint saved before writes were counted: as many writes as documents.
    long written = document.getNumber("written", new BsonInt64(processed)).longValue();
    return Optional.of(new BatchCheckpoint(document.get("lastId"), processed, written));
  }

  /** Whether this runner still owns the migration's running mark, for this run. */
  boolean owns(String migration, RunnerIdentity me, String runId) {
    return collections
            .of(statusCollection)
            .find(
                and(
                    eq("_id", migration),
                    eq("running.owner", me.owner()),
                    eq("running.run", runId)))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  /**
   * Saves a checkpoint of the run {@code runId}, unless another holder took the job's checkpoint
   * over for this run.
   *
   * @return {@code false} when another holder took it over: {@code holder} lost the lease
   */
  boolean save(
      String migration,
      JobKey job,
      String runId,
      RunnerIdentity holder,
      BatchCheckpoint checkpoint) {
    BsonDocument id = id(migration, job);
    BsonDocument document =
        new BsonDocument("_id", id)
            .append("run", new BsonString(runId))
            .append(WRITER, new BsonString(holder.owner()))
            .append("lastId", checkpoint.lastId())
            .append("processed", new BsonInt64(checkpoint.processed()))
            .append("written", new BsonInt64(checkpoint.written()));
    // Mine, or left by a build that recorded no writer, or another run's (stale): replace it. A
    // checkpoint of this run that another holder took over makes the upsert collide on _id.
    Bson replaceable =
        and(eq("_id", id), or(eq(WRITER, holder.owner()), exists(WRITER, false), ne("run", runId)));
    try {
      checkpoints().replaceOne(replaceable, document, new ReplaceOptions().upsert(true));
      return true;
    } catch (MongoServerException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Removes every checkpoint of a migration, of any run. */
  void clearAll(String migration) {
    checkpoints().deleteMany(eq("_id.migration", migration));
  }

  private MongoCollection<BsonDocument> checkpoints() {
    return collections.of(collection).withDocumentClass(BsonDocument.class);
  }

  private static BsonDocument id(String migration, JobKey job) {
    return new BsonDocument("migration", new BsonString(migration))
        .append("job", new BsonString(job.name()))
        .append("occurrence", new BsonInt32(job.occurrence()));
  }
}
