package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * One document per background migration, beside the status collection: the operator's controls
 * (paused, a run-time throttle, a request to retry a failure) and the progress its batch jobs
 * record after every batch. Kept apart from the status document, which only the runner that holds
 * the migration writes.
 */
final class BackgroundControlStore {

  /** The field naming the only holder that may record the migration's progress. */
  private static final String WRITER = "writer";

  private final LibraryCollections collections;
  private final String collection;

  BackgroundControlStore(LibraryCollections collections, String statusCollection) {
    this.collections = collections;
    this.collection = MigrationSettings.backgroundCollection(statusCollection);
  }

  Map<String, Control> findAll() {
    Map<String, Control> controls = new LinkedHashMap<>();
    for (Document document : documents().find()) {
      Control control = read(document);
      controls.put(control.name(), control);
    }
    return controls;
  }

  Control find(String name) {
    Document document = documents().find(eq("_id", name)).first();
    return document == null ? Control.none(name) : read(document);
  }

  void setPaused(String name, boolean paused) {
    upsert(name, Updates.set("paused", paused));
  }

  void setMaxPerSecond(String name, long maxPerSecond) {
    upsert(name, Updates.set("maxPerSecond", maxPerSecond));
  }

  void requestRetry(String name) {
    upsert(name, Updates.combine(Updates.set("retry", true), Updates.set("paused", false)));
  }

  /** Asks a worker to roll the migration back; a pause stays (the rollback waits for a resume). */
  void requestRollback(String name) {
    upsert(name, Updates.set("rollback", true));
  }

  /** Asks a worker to carry on a failed rollback from its checkpoint. */
  void requestRetryOfRollback(String name) {
    upsert(
        name,
        Updates.combine(
            Updates.set("rollback", true),
            Updates.set("retry", true),
            Updates.set("paused", false)));
  }

  /** Withdraws a rollback request (its run failed: an operator asks again once it is fixed). */
  void clearRollback(String name) {
    upsert(name, Updates.set("rollback", false));
  }

  /**
   * Records that the migration was rolled back: paused, so that no worker applies it again until an
   * operator resumes it, and without progress.
   */
  void rolledBack(String name) {
    upsert(
        name,
        Updates.combine(
            Updates.set("paused", true),
            Updates.set("rollback", false),
            Updates.unset("runId"))); // progress belongs to a run: without one, none is shown
  }

  /** Takes a retry request, if there is one: only one worker gets it. */
  boolean takeRetry(String name) {
    return documents()
            .updateOne(and(eq("_id", name), eq("retry", true)), Updates.set("retry", false))
            .getModifiedCount()
        == 1;
  }

  /**
   * Makes {@code holder} the only writer of the migration's progress from now on (a holder that
   * lost the migration's lease can no longer record any) and returns the controls, in one round
   * trip.
   */
  Control claim(String name, RunnerIdentity holder) {
    Document after =
        documents()
            .findOneAndUpdate(
                eq("_id", name),
                Updates.set(WRITER, holder.owner()),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return read(after);
  }

  /**
   * Records a batch job's progress for the run {@code runId} and returns the controls as they are
   * now, in one round trip; nothing when another holder has {@linkplain #claim claimed} the
   * migration since.
   *
   * @return the controls, or empty when {@code holder} no longer writes this migration's progress
   */
  Optional<Control> recordProgress(
      String name,
      RunnerIdentity holder,
      String runId,
      String job,
      long processed,
      @Nullable Long total,
      double documentsPerSecond,
      Instant at) {
    Document after =
        documents()
            .findOneAndUpdate(
                and(eq("_id", name), eq(WRITER, holder.owner())),
                Updates.combine(
                    Updates.set("runId", runId),
                    Updates.set("job", job),
                    Updates.set("processed", processed),
                    Updates.set("total", total),
                    Updates.set("documentsPerSecond", documentsPerSecond),
                    Updates.set("host", holder.host()),
                    Updates.set("updatedAt", Date.from(at))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return after == null ? Optional.empty() : Optional.of(read(after));
  }

  private void upsert(String name, Bson update) {
    documents().updateOne(eq("_id", name), update, new UpdateOptions().upsert(true));
  }

  private MongoCollection<Document> documents() {
    return collections.of(collection);
  }

  private static Control read(Document document) {
    Object processed = document.get("processed");
    Object total = document.get("total");
    Object maxPerSecond = document.get("maxPerSecond");
    Object rate = document.get("documentsPerSecond");
    Date updatedAt = document.getDate("updatedAt");
    return new Control(
        document.getString("_id"),
        Boolean.TRUE.equals(document.get("paused")),
        maxPerSecond instanceof Number n ? n.longValue() : 0,
        Boolean.TRUE.equals(document.get("retry")),
        Boolean.TRUE.equals(document.get("rollback")),
        document.getString("runId"),
        document.getString("job"),
        processed instanceof Number n ? n.longValue() : 0,
        total instanceof Number n ? n.longValue() : null,
        rate instanceof Number n ? n.doubleValue() : 0,
        document.getString("host"),
        updatedAt == null ? null : updatedAt.toInstant());
  }

  /** A background migration's controls and progress. */
  record Control(
      String name,
      boolean paused,
      long maxPerSecond,
      boolean retry,
      boolean rollback,
      @Nullable String runId,
      @Nullable String job,
      long processed,
      @Nullable Long total,
      double documentsPerSecond,
      @Nullable String host,
      @Nullable Instant updatedAt) {

    static Control none(String name) {
      return new Control(name, false, 0, false, false, null, null, 0, null, 0, null, null);
    }

    /** The progress, if it belongs to this run. */
    Optional<Control> progressOf(@Nullable String run) {
      return run != null && run.equals(runId) ? Optional.of(this) : Optional.empty();
    }
  }
}
