package com.lms.migrations;

import com.mongodb.MongoCommandException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database server tells about itself: its clock (so lock expiry never depends on the
 * instances' clocks agreeing) and whether it supports transactions. Both come from {@code hello},
 * which every server answers without privileges; servers that predate it (and the embedded test
 * server) are asked the legacy {@code isMaster} instead, which a client using the Stable API in
 * strict mode may not send.
 */
final class ServerInfo {

  private static final Logger log = LoggerFactory.getLogger(ServerInfo.class);

  private final LibraryCollections database;
  private final Clock clock;
  private volatile long offsetMillis;
  private volatile long refreshedAt;
  private volatile boolean refreshed;
  private volatile Boolean transactionsSupported;
  private volatile String handshake = "hello";

  ServerInfo(LibraryCollections database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The server's current time, estimated from the last measured offset. */
  Instant now() {
    return clock.instant().plusMillis(offsetMillis);
  }

  /**
   * Like {@link #refresh()}, unless the offset was measured less than {@code maxAge} ago: clocks
   * drift by far less than a lease in that time, and a waiting instance checks the lock often.
   */
  Instant refreshIfOlderThan(java.time.Duration maxAge) {
    if (refreshed && System.nanoTime() - refreshedAt < maxAge.toNanos()) {
      return now();
    }
    return refresh();
  }

  /** Measures the offset between this instance's clock and the server's, then returns now. */
  Instant refresh() {
    long before = clock.millis();
    Document reply = handshake();
    long after = clock.millis();
    Date serverTime = reply.getDate("localTime");
    if (serverTime != null) {
      offsetMillis = serverTime.getTime() - (before + after) / 2;
    }
    refreshedAt = System.nanoTime();
    refreshed = true;
    if (transactionsSupported == null) {
      transactionsSupported = supportsTransactions(reply);
      log.debug(
          "MongoDB server {} transactions; clock offset {} ms",
          transactionsSupported ? "supports" : "does not support",
          offsetMillis);
    }
    return now();
  }

  private Document handshake() {
    try {
      return database.command(new Document(handshake, 1));
    } catch (MongoCommandException e) {
      if (!"hello".equals(handshake) || !"CommandNotFound".equals(e.getErrorCodeName())) {
        throw e;
      }
      log.debug("MongoDB server does not know 'hello'; asking 'isMaster' from now on");
      handshake = "isMaster";
      return database.command(new Document(handshake, 1));
    }
  }

  boolean supportsTransactions() {
    if (transactionsSupported == null) {
      refresh();
    }
    return transactionsSupported;
  }

  private static boolean supportsTransactions(Document hello) {
    boolean replicaSet = hello.get("setName") != null;
    boolean mongos = "isdbgrid".equals(hello.getString("msg"));
    return (replicaSet || mongos) && hello.get("logicalSessionTimeoutMinutes") != null;
  }
}
