package com.lms.migrations;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What the database server tells about itself: its clock (so lock expiry never depends on the
 * instances' clocks agreeing) and whether it supports transactions. Both come from {@code
 * isMaster}, which every server version and the embedded test server answer without privileges.
 */
final class ServerInfo {

  private static final Logger log = LoggerFactory.getLogger(ServerInfo.class);

  private final MongoTemplate template;
  private final Clock clock;
  private volatile long offsetMillis;
  private volatile Boolean transactionsSupported;

  ServerInfo(MongoTemplate template, Clock clock) {
    this.template = template;
    this.clock = clock;
  }

  /** The server's current time, estimated from the last measured offset. */
  Instant now() {
    return clock.instant().plusMillis(offsetMillis);
  }

  /** Measures the offset between this instance's clock and the server's, then returns now. */
  Instant refresh() {
    long before = clock.millis();
    Document reply = template.executeCommand(new Document("isMaster", 1));
    long after = clock.millis();
    Date serverTime = reply.getDate("localTime");
    if (serverTime != null) {
      offsetMillis = serverTime.getTime() - (before + after) / 2;
    }
    if (transactionsSupported == null) {
      transactionsSupported = supportsTransactions(reply);
      log.debug(
          "MongoDB server {} transactions; clock offset {} ms",
          transactionsSupported ? "supports" : "does not support",
          offsetMillis);
    }
    return now();
  }

  boolean supportsTransactions() {
    if (transactionsSupported == null) {
      refresh();
    }
    return transactionsSupported;
  }

  private static boolean supportsTransactions(Document isMaster) {
    boolean replicaSet = isMaster.get("setName") != null;
    boolean mongos = "isdbgrid".equals(isMaster.getString("msg"));
    return (replicaSet || mongos) && isMaster.get("logicalSessionTimeoutMinutes") != null;
  }
}
