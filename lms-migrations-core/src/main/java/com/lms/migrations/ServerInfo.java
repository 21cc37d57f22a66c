package com.lms.migrations;

import com.mongodb.MongoCommandException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database server tells about itself: its clock (so lock expiry never depends on the
 * instances' clocks agreeing), whether it supports transactions and whether it may have change
 * streams. All come from {@code hello}, which every server answers without privileges; servers that
 * predate it (and the embedded test server) are asked the legacy {@code isMaster} instead, which a
 * client using the Stable API in strict mode may not send.
 */
final class ServerInfo {

  private static final Logger log = LoggerFactory.getLogger(ServerInfo.class);

  private final LibraryCollections database;
  private final Clock clock;
  private volatile Anchor anchor;
  private volatile Boolean transactionsSupported;
  private volatile Boolean changeStreamsSupported;
  private volatile String handshake = "hello";

  ServerInfo(LibraryCollections database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * The server's current time: the server time last read plus the time elapsed since on this
   * instance's monotonic clock, so neither a skewed nor a jumping wall clock (an NTP step, a
   * resumed VM) moves it. Before the server was asked, this instance's clock.
   */
  Instant now() {
    Anchor last = anchor;
    return last == null
        ? clock.instant()
        : Instant.ofEpochMilli(
            last.serverMillis() + (System.nanoTime() - last.nanoTime()) / 1_000_000);
  }

  /**
   * Like {@link #refresh()}, unless the server's time was read less than {@code maxAge} ago: a
   * monotonic clock drifts by far less than a lease in that time, and a waiting instance checks the
   * lock often.
   */
  Instant refreshIfOlderThan(Duration maxAge) {
    Anchor last = anchor;
    if (last != null && System.nanoTime() - last.nanoTime() < maxAge.toNanos()) {
      return now();
    }
    return refresh();
  }

  /** Reads the server's time (taken as half way through the round trip), then returns now. */
  Instant refresh() {
    long sent = System.nanoTime();
    Document reply = handshake();
    long received = System.nanoTime();
    Date serverTime = reply.getDate("localTime");
    if (serverTime != null) {
      anchor = new Anchor(serverTime.getTime(), sent + (received - sent) / 2);
    }
    if (transactionsSupported == null) {
      changeStreamsSupported = isReplicaSetOrMongos(reply);
      transactionsSupported = supportsTransactions(reply);
      log.debug(
          "MongoDB server {} transactions; this instance's clock is {} ms off the server's",
          transactionsSupported ? "supports" : "does not support",
          clock.millis() - now().toEpochMilli());
    }
    return now();
  }

  /** A server time and the monotonic time at which it was read. */
  private record Anchor(long serverMillis, long nanoTime) {}

  private Document handshake() {
    // What this call asked: another thread may switch to isMaster while this one waits for hello.
    String asked = handshake;
    try {
      return database.command(new Document(asked, 1));
    } catch (MongoCommandException e) {
      if (!"hello".equals(asked) || !"CommandNotFound".equals(e.getErrorCodeName())) {
        throw e;
      }
      log.debug("MongoDB server does not know 'hello'; asking 'isMaster' from now on");
      handshake = "isMaster";
      return database.command(new Document("isMaster", 1));
    }
  }

  boolean supportsTransactions() {
    if (transactionsSupported == null) {
      refresh();
    }
    return transactionsSupported;
  }

  /**
   * Whether the server may have change streams: a replica set or a sharded cluster (a standalone
   * server has none), as its handshake said.
   */
  boolean mayHaveChangeStreams() {
    if (changeStreamsSupported == null) {
      refresh();
    }
    return changeStreamsSupported;
  }

  private static boolean supportsTransactions(Document hello) {
    return isReplicaSetOrMongos(hello) && hello.get("logicalSessionTimeoutMinutes") != null;
  }

  private static boolean isReplicaSetOrMongos(Document hello) {
    boolean replicaSet = hello.get("setName") != null;
    boolean mongos = "isdbgrid".equals(hello.getString("msg"));
    return replicaSet || mongos;
  }
}
