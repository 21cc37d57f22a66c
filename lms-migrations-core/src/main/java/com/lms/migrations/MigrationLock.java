package com.lms.migrations;

import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease lock in one MongoDB document. Taking it is a single atomic upsert that matches "free,
 * expired or mine": when another runner holds it, the upsert collides on {@code _id} and the
 * duplicate key means "held by someone else". Times are the database server's, so instances whose
 * clocks disagree still agree on expiry.
 */
final class MigrationLock {

  static final String LOCK_ID = "migrations";

  /** The shortest wait between two checks of a held lock. */
  static final Duration FIRST_POLL = Duration.ofMillis(10);

  private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);

  private final LibraryCollections collections;
  private final LockSettings settings;
  private final RunnerIdentity me;
  private final ServerInfo server;
  private final String lockId;

  /** Whether a change stream may wake a waiting instance: until the server refuses one. */
  private volatile boolean changeStreams = true;

  MigrationLock(
      LibraryCollections collections, LockSettings settings, RunnerIdentity me, ServerInfo server) {
    this(collections, settings, me, server, LOCK_ID);
  }

  private MigrationLock(
      LibraryCollections collections,
      LockSettings settings,
      RunnerIdentity me,
      ServerInfo server,
      String lockId) {
    this.collections = collections;
    this.settings = settings;
    this.me = me;
    this.server = server;
    this.lockId = lockId;
  }

  /**
   * The lease of one background migration, in the same collection: whoever holds it runs that
   * migration, and nothing else waits for it.
   */
  MigrationLock forBackground(String migration, RunnerIdentity holder) {
    return new MigrationLock(collections, settings, holder, server, backgroundLockId(migration));
  }

  /** Like {@link #forBackground(String, RunnerIdentity)}, held by this lock's holder. */
  MigrationLock forBackground(String migration) {
    return forBackground(migration, me);
  }

  static String backgroundLockId(String migration) {
    return "background:" + migration;
  }

  /**
   * Takes the lock, waiting for another holder up to the configured wait time.
   *
   * @throws MigrationLockTimeoutException when the wait runs out
   */
  Lease acquire() {
    long start = System.nanoTime();
    long deadline = start + settings.waitTime().toNanos();
    boolean announced = false;
    LockReleaseWatch watch = null; // opened once the lock is found held
    try {
      while (true) {
        Optional<Lease> lease = tryAcquire();
        if (lease.isPresent()) {
          return lease.get();
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new MigrationLockTimeoutException(
              holder().orElse(unknownHolder()), settings.waitTime(), settings.collection());
        }
        if (!announced) {
          log.info(
              "Waiting up to {} for the migration lock held by {}",
              settings.waitTime(),
              holder().map(LockHolder::toString).orElse("another instance"));
          announced = true;
        }
        if (watch == null) {
          watch = openWatch();
          if (watch.isWatching()) {
            continue; // a release before the stream opened sends no event: check once more
          }
        }
        long pause = Math.min(nextPoll(System.nanoTime() - start), deadline - System.nanoTime());
        if (!watch.await(pause)) {
          watch.close();
          watch = LockReleaseWatch.polling();
          changeStreams = false;
        }
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /**
   * A change stream on the lock's release where the server has them (a replica set or a sharded
   * cluster, tried once per lock: one that refuses refuses every time), else polling.
   */
  private LockReleaseWatch openWatch() {
    if (!changeStreams || !server.mayHaveChangeStreams()) {
      return LockReleaseWatch.polling(); // a standalone server: asking would only cost a refusal
    }
    // Below the operation timeout (the lease), which a server's wait for an event must not reach.
    Duration maxAwait =
        settings.pollInterval().compareTo(settings.leaseTime().dividedBy(2)) < 0
            ? settings.pollInterval()
            : settings.leaseTime().dividedBy(2);
    LockReleaseWatch watch = LockReleaseWatch.open(locks(), lockId, maxAwait);
    changeStreams = watch.isWatching();
    return watch;
  }

  /**
   * How long to wait before checking the lock again: a tenth of the time waited so far, between
   * {@link #FIRST_POLL} and the poll interval. A release is noticed within a tenth of the wait (a
   * holder that finishes soon hands over within milliseconds), and the number of checks grows only
   * with the logarithm of the wait.
   */
  long nextPoll(long waitedNanos) {
    return Math.min(
        Math.max(waitedNanos / 10, FIRST_POLL.toNanos()), settings.pollInterval().toNanos());
  }

  Optional<Lease> tryAcquire() {
    Instant now = server.refreshIfOlderThan(settings.heartbeatInterval());
    Document freeExpiredOrMine =
        new Document("_id", lockId)
            .append(
                "$or",
                List.of(
                    new Document("expiresAt", new Document("$lte", Date.from(now))),
                    new Document("owner", me.owner())));
    Document take =
        new Document(
            "$set",
            new Document("owner", me.owner())
                .append("host", me.host())
                .append("pid", me.pid())
                .append("lockedAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(settings.leaseTime()))));
    try {
      // Matches a lock that is free, expired or ours; otherwise the upsert collides with the
      // holder's document on _id. An update rather than findAndModify: the runner's records are
      // updates too, so a cold start loads one write path of the driver, not two.
      locks().updateOne(freeExpiredOrMine, take, new UpdateOptions().upsert(true));
    } catch (MongoServerException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        return Optional.empty(); // held by someone else
      }
      throw e;
    }
    log.debug("Took the migration lock as {}", me.describe());
    return Optional.of(new Lease());
  }

  /**
   * The current holder, if the lock is held and not expired by the server's clock, read afresh
   * unless it was read within a heartbeat.
   */
  Optional<LockHolder> currentHolder() {
    server.refreshIfOlderThan(settings.heartbeatInterval());
    return holder();
  }

  /** The current holder, if the lock is held and not expired. */
  Optional<LockHolder> holder() {
    Document lock = locks().find(new Document("_id", lockId)).first();
    if (lock == null) {
      return Optional.empty();
    }
    Instant expiresAt = field(lock, "expiresAt", Date.class, "a date").toInstant();
    if (!expiresAt.isAfter(server.now())) {
      return Optional.empty(); // expired: the next run takes it over, whatever else it says
    }
    return Optional.of(
        new LockHolder(
            field(lock, "owner", String.class, "a string"),
            field(lock, "host", String.class, "a string"),
            field(lock, "pid", Number.class, "a number").longValue(),
            field(lock, "lockedAt", Date.class, "a date").toInstant(),
            expiresAt));
  }

  /** A field of the lock's document, which every holder writes. */
  private <T> T field(Document lock, String field, Class<T> type, String expected) {
    Object value = lock.get(field);
    if (!type.isInstance(value)) {
      throw new UnreadableMigrationLockException(
          settings.collection(), lockId, field, value, expected);
    }
    return type.cast(value);
  }

  private MongoCollection<Document> locks() {
    return collections.of(settings.collection());
  }

  private Document mine() {
    return new Document("_id", lockId).append("owner", me.owner());
  }

  private LockHolder unknownHolder() {
    Instant now = server.now();
    return new LockHolder("unknown", "unknown", -1, now, now);
  }

  /**
   * Sleeps between two checks of the lock.
   *
   * @throws CancellationException when the thread is interrupted (its flag set again)
   */
  static void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("Interrupted while waiting for the migration lock");
    }
  }

  private static final long HEARTBEAT_STOP_MILLIS = 2000;

  /**
   * A held lock. A daemon thread renews it every third of the lease; {@link #ensureHeld} renews it
   * synchronously before anything is recorded, so a holder that was paused past its lease notices
   * before writing over a new holder's work.
   */
  final class Lease implements AutoCloseable {

    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;
    private volatile long confirmedAt = System.nanoTime();

    private Lease() {
      heartbeat =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "lms-migrations-lock-heartbeat");
                thread.setDaemon(true);
                return thread;
              });
      long interval = settings.heartbeatInterval().toMillis();
      heartbeat.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Renews the lease now.
     *
     * @param before what the caller is about to do, for the error message
     * @throws MigrationLeaseLostException when another runner owns the lock
     */
    void ensureHeld(String before) {
      if (lost || !renew()) {
        lost = true;
        throw new MigrationLeaseLostException(before);
      }
    }

    /**
     * Like {@link #ensureHeld}, but trusts a lease confirmed less than a heartbeat interval ago: it
     * still has at least two thirds of its time left, and nobody can take a lease before it
     * expires.
     *
     * @param before what the caller is about to do, for the error message
     * @throws MigrationLeaseLostException when another runner owns the lock
     */
    void ensureRecentlyHeld(String before) {
      if (!lost && System.nanoTime() - confirmedAt < settings.heartbeatInterval().toNanos()) {
        return;
      }
      ensureHeld(before);
    }

    boolean isLost() {
      return lost;
    }

    private void beat() {
      try {
        server.refresh();
        if (!renew()) {
          lost = true;
          log.warn(
              "The migration lock was taken over by another instance; this instance stops before"
                  + " recording anything more");
          heartbeat.shutdown();
        }
      } catch (RuntimeException e) {
        log.warn("Could not renew the migration lock (will retry): {}", e.toString());
      }
    }

    private void awaitHeartbeat() {
      try {
        heartbeat.awaitTermination(HEARTBEAT_STOP_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // close() takes it out of the way and restores it
      }
    }

    /** Extends the lease from the server time estimated with the last measured clock offset. */
    private boolean renew() {
      long sent = System.nanoTime();
      Duration lease = settings.leaseTime();
      Document extend =
          new Document("$set", new Document("expiresAt", Date.from(server.now().plus(lease))));
      boolean mine = locks().updateOne(mine(), extend).getMatchedCount() == 1;
      if (mine) {
        confirmedAt = sent;
      }
      return mine;
    }

    /**
     * Releases the lock. Never throws: when the database cannot be reached, the lock simply expires
     * after its lease. Works on an interrupted thread too (the flag is kept).
     */
    @Override
    public void close() {
      InterruptFlag interrupt = new InterruptFlag().clear();
      try {
        heartbeat.shutdownNow();
        awaitHeartbeat();
        interrupt.clear();
        if (!lost) {
          locks().deleteOne(mine());
          log.debug("Released the migration lock");
        }
      } catch (RuntimeException e) {
        log.warn(
            "Could not release the migration lock ({}); it expires within {} and the next run"
                + " proceeds then",
            e.toString(),
            settings.leaseTime());
      } finally {
        interrupt.restore();
      }
    }
  }
}
