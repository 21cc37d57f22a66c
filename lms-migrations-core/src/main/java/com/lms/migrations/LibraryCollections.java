package com.lms.migrations;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The library's own collections (status, logs, checkpoints, lock), whatever the application's
 * defaults: reads go to the primary with majority read concern and writes wait for a majority, so
 * that a new lock holder never plans from a lagging secondary and a recorded outcome survives a
 * failover. Every operation gives up after a time limit, so that recording an outcome or releasing
 * the lock on a dead server fails within that limit instead of hanging.
 */
final class LibraryCollections {

  private final MongoDatabase database;

  /**
   * @param database the database holding the collections, as the application configured it
   * @param timeout how long one operation may take, server selection included
   */
  LibraryCollections(MongoDatabase database, Duration timeout) {
    this.database =
        database
            .withReadPreference(ReadPreference.primary())
            .withReadConcern(ReadConcern.MAJORITY)
            .withWriteConcern(WriteConcern.MAJORITY)
            .withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  MongoCollection<Document> of(String name) {
    return database.getCollection(name);
  }

  /** Runs a command against the primary. */
  Document command(Document command) {
    return database.runCommand(command, ReadPreference.primary());
  }
}
