package com.lms.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A lease lock in one MongoDB document. Taking it is a single atomic upsert that matches "free,
 * expired or mine": when another runner holds it, the upsert collides on {@code _id} and the
 * duplicate key means "held by someone else". Times are the database server's, so instances whose
 * clocks disagree still agree on expiry.
 */
final class MigrationLock {

  static final String LOCK_ID = "migrations";

  private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);

  private final MongoTemplate template;
  private final LockSettings settings;
  private final RunnerIdentity me;
  private final ServerInfo server;

  MigrationLock(
      MongoTemplate template, LockSettings settings, RunnerIdentity me, ServerInfo server) {
    this.template = template;
    this.settings = settings;
    this.me = me;
    this.server = server;
  }

  /**
   * Takes the lock, waiting for another holder up to the configured wait time.
   *
   * @throws MigrationLockTimeoutException when the wait runs out
   */
  Lease acquire() {
    long deadline = System.nanoTime() + settings.waitTime().toNanos();
    boolean announced = false;
    while (true) {
      Optional<Lease> lease = tryAcquire();
      if (lease.isPresent()) {
        return lease.get();
      }
      Optional<LockHolder> holder = holder();
      if (System.nanoTime() - deadline >= 0) {
        throw new MigrationLockTimeoutException(
            holder.orElse(unknownHolder()), settings.waitTime(), settings.collection());
      }
      if (!announced) {
        log.info(
            "Waiting up to {} for the migration lock held by {}",
            settings.waitTime(),
            holder.map(LockHolder::toString).orElse("another instance"));
        announced = true;
      }
      pause(Math.min(settings.pollInterval().toNanos(), deadline - System.nanoTime()));
    }
  }

  Optional<Lease> tryAcquire() {
    Instant now = server.refresh();
    Query freeExpiredOrMine =
        query(
            where("_id")
                .is(LOCK_ID)
                .orOperator(where("expiresAt").lte(Date.from(now)), where("owner").is(me.owner())));
    Update take =
        new Update()
            .set("owner", me.owner())
            .set("host", me.host())
            .set("pid", me.pid())
            .set("lockedAt", Date.from(now))
            .set("expiresAt", Date.from(now.plus(settings.leaseTime())));
    try {
      template.findAndModify(
          freeExpiredOrMine,
          take,
          FindAndModifyOptions.options().upsert(true).returnNew(true),
          Document.class,
          settings.collection());
    } catch (DuplicateKeyException heldBySomeoneElse) {
      return Optional.empty();
    }
    log.debug("Took the migration lock as {}", me.describe());
    return Optional.of(new Lease());
  }

  /** The current holder, if the lock is held and not expired. */
  Optional<LockHolder> holder() {
    Document lock = template.findOne(byId(), Document.class, settings.collection());
    if (lock == null) {
      return Optional.empty();
    }
    LockHolder holder =
        new LockHolder(
            lock.getString("owner"),
            lock.getString("host"),
            ((Number) lock.get("pid")).longValue(),
            lock.getDate("lockedAt").toInstant(),
            lock.getDate("expiresAt").toInstant());
    return holder.expiresAt().isAfter(server.now()) ? Optional.of(holder) : Optional.empty();
  }

  private Query byId() {
    return query(where("_id").is(LOCK_ID));
  }

  private Query mine() {
    return query(Criteria.where("_id").is(LOCK_ID).and("owner").is(me.owner()));
  }

  private LockHolder unknownHolder() {
    Instant now = server.now();
    return new LockHolder("unknown", "unknown", -1, now, now);
  }

  private static void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("Interrupted while waiting for the migration lock");
    }
  }

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

    /** Extends the lease from the server time estimated with the last measured clock offset. */
    private boolean renew() {
      long sent = System.nanoTime();
      Duration lease = settings.leaseTime();
      Update extend = new Update().set("expiresAt", Date.from(server.now().plus(lease)));
      boolean mine =
          template.updateFirst(mine(), extend, settings.collection()).getMatchedCount() == 1;
      if (mine) {
        confirmedAt = sent;
      }
      return mine;
    }

    @Override
    public void close() {
      heartbeat.shutdownNow();
      if (!lost) {
        template.remove(mine(), settings.collection());
        log.debug("Released the migration lock");
      }
    }
  }
}
