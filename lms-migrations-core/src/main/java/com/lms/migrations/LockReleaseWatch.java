package com.lms.migrations;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an instance waiting for the lock learn of its release as it happens: a change stream on the
 * lock collection, matching the deletion of the lock's document, which is how a holder releases it.
 * Where the server has no change streams (a standalone server, the embedded test server without its
 * oplog) or refuses one, the wait is a plain pause, as a poll.
 *
 * <p>A lock that expires (its holder died) sends no event: the waiting instance still checks it
 * after each empty wait, at most a poll interval apart.
 */
final class LockReleaseWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LockReleaseWatch.class);

  private final @Nullable MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;
  private final long maxAwaitNanos;

  private LockReleaseWatch(
      @Nullable MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor, Duration maxAwait) {
    this.cursor = cursor;
    this.maxAwaitNanos = maxAwait.toNanos();
  }

  /** A wait that only pauses. */
  static LockReleaseWatch polling() {
    return new LockReleaseWatch(null, Duration.ZERO);
  }

  /**
   * Opens a change stream on the release of {@code lockId}, or, where the server has none, a wait
   * that only pauses.
   *
   * @param maxAwait how long the server holds one request for an event: an expired lock is noticed
   *     within it
   */
  static LockReleaseWatch open(MongoCollection<Document> locks, String lockId, Duration maxAwait) {
    try {
      MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
          locks
              .watch(
                  List.of(
                      Aggregates.match(
                          Filters.and(
                              Filters.eq("operationType", "delete"),
                              Filters.eq("documentKey._id", lockId)))))
              .maxAwaitTime(maxAwait.toMillis(), TimeUnit.MILLISECONDS)
              .cursor();
      if (cursor.getServerCursor() == null) {
        cursor.close(); // the server answered without a cursor to follow: nothing will come
        return polling();
      }
      return new LockReleaseWatch(cursor, maxAwait);
    } catch (RuntimeException e) { // refused, not allowed, or a setting the driver rejects
      log.debug("No change stream on the migration lock ({}); polling it", e.toString());
      return polling();
    }
  }

  /** Whether a release wakes the wait; {@code false} when it only pauses. */
  boolean isWatching() {
    return cursor != null;
  }

  /**
   * Waits until the lock's document is deleted, or about {@code nanos} pass (a server waits up to
   * its own time for an event, which may be longer), whichever is first.
   *
   * @return {@code false} when the change stream stopped working: the caller polls from then on
   */
  boolean await(long nanos) {
    if (cursor == null) {
      MigrationLock.pause(nanos);
      return true;
    }
    long until = System.nanoTime() + nanos;
    try {
      while (true) {
        long asked = System.nanoTime();
        if (cursor.tryNext() != null) {
          return true; // released
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        if (System.nanoTime() - asked < maxAwaitNanos / 2) {
          // The server answered at once instead of waiting for an event: do not spin.
          MigrationLock.pause(Math.min(left, MigrationLock.FIRST_POLL.toNanos()));
        }
      }
    } catch (CancellationException e) {
      throw e; // interrupted while pausing
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("Interrupted while waiting for the migration lock");
      }
      log.debug("The change stream on the migration lock stopped ({}); polling it", e.toString());
      MigrationLock.pause(Math.max(0, until - System.nanoTime()));
      return false;
    }
  }

  @Override
  public void close() {
    if (cursor != null) {
      try {
        cursor.close();
      } catch (RuntimeException e) {
        log.debug("Could not close the change stream on the migration lock: {}", e.toString());
      }
    }
  }
}
