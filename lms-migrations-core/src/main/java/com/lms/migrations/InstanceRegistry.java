package com.lms.migrations;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import com.lms.migrations.deploy.InstancePresence;
import com.lms.migrations.deploy.Instances;
import com.lms.migrations.deploy.RunningInstance;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The instances' records, one document per process in {@code <collection>_instances}: renewed with
 * one upsert per interval, lapsing three intervals after the last one (on the server's clock).
 */
final class InstanceRegistry implements Instances {

  /** A record lapses after this many intervals without a renewal. */
  static final int LAPSE_AFTER = 3;

  /**
   * Every this many renewals, an instance also sweeps lapsed records (servers with no TTL): rarely,
   * since every instance does it and reads skip lapsed records anyway.
   */
  static final int SWEEP_EVERY = 30;

  private final LibraryCollections collections;
  private final String collection;
  private final ServerInfo server;
  private final RunnerIdentity me;
  private final IntSupplier knowsUpTo;

  InstanceRegistry(
      LibraryCollections collections,
      String statusCollection,
      ServerInfo server,
      RunnerIdentity me,
      IntSupplier knowsUpTo) {
    this.collections = collections;
    this.collection = MigrationSettings.instanceCollection(statusCollection);
    this.server = server;
    this.me = me;
    this.knowsUpTo = knowsUpTo;
  }

  @Override
  public List<RunningInstance> live() {
    List<RunningInstance> live = new ArrayList<>();
    Date now = Date.from(server.now());
    for (Document record :
        records().find(gt("expiresAt", now)).sort(Sorts.ascending("startedAt", "_id"))) {
      live.add(
          new RunningInstance(
              record.getString("_id"),
              record.getString("host"),
              record.get("pid", Number.class).longValue(),
              record.getString("application"),
              record.getString("buildVersion"),
              record.get("knowsUpTo", Number.class).intValue(),
              record.getDate("startedAt").toInstant(),
              record.getDate("lastSeen").toInstant(),
              record.getDate("expiresAt").toInstant()));
    }
    return live;
  }

  @Override
  public InstancePresence announce(
      @Nullable String application, @Nullable String buildVersion, Duration interval) {
    // Removes a record for good once it lapsed, where the server runs a TTL monitor.
    records()
        .createIndex(
            Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    AtomicLong renewals = new AtomicLong();
    return InstancePresence.start(
        new InstancePresence.Record() {
          @Override
          public void renew() {
            Instant now = server.now();
            records()
                .updateOne(
                    eq("_id", me.owner()),
                    new Document(
                            "$set",
                            new Document("host", me.host())
                                .append("pid", me.pid())
                                .append("application", application)
                                .append("buildVersion", buildVersion)
                                .append("knowsUpTo", knowsUpTo.getAsInt())
                                .append("lastSeen", Date.from(now))
                                .append(
                                    "expiresAt",
                                    Date.from(now.plus(interval.multipliedBy(LAPSE_AFTER)))))
                        .append("$setOnInsert", new Document("startedAt", Date.from(now))),
                    new UpdateOptions().upsert(true));
            if (renewals.incrementAndGet() % SWEEP_EVERY == 0) {
              records().deleteMany(lt("expiresAt", Date.from(now)));
            }
          }

          @Override
          public void remove() {
            records().deleteOne(eq("_id", me.owner()));
          }
        },
        interval);
  }

  private MongoCollection<Document> records() {
    return collections.of(collection);
  }
}
