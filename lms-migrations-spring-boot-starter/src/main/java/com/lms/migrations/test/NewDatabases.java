package com.lms.migrations.test;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Which application databases belong to this test run: a database that held no collection when a
 * Spring test context of this JVM first looked at it gets an ownership marker, a document {@code
 * {_id: "owner", owner: <this JVM's random id>, pid, at}} in its collection {@value
 * #OWNER_COLLECTION}. The marker lives in the database itself, so it follows the database whatever
 * client, host list or port leads to it, and a database on another server, a new server on a reused
 * port or another JVM's database never carries this JVM's id.
 */
final class NewDatabases {

  /** The collection of the ownership marker. */
  static final String OWNER_COLLECTION = "lms_test_owner";

  /** The {@code _id} of the ownership marker. */
  static final String MARKER_ID = "owner";

  /** This JVM's id, in the markers it writes. */
  static final String RUN_ID = UUID.randomUUID().toString();

  private NewDatabases() {}

  /**
   * What a database held when a test context first looked at it.
   *
   * @param collections its collections then (without {@code system.*}); empty means this test run
   *     found it empty and marked it as its own
   * @param error why it could not be read then, or {@code null}
   */
  record FirstLook(List<String> collections, @Nullable String error) {

    /** Copies the list. */
    FirstLook {
      collections = List.copyOf(collections);
    }

    boolean isNew() {
      return error == null && collections.isEmpty();
    }
  }

  /**
   * Looks at a database and marks it as this test run's when it holds no collection.
   *
   * @param database the database
   * @return what it held
   */
  static FirstLook look(MongoDatabase database) {
    try {
      List<String> collections = collections(database, false);
      if (collections.isEmpty()) {
        claim(database);
      }
      return new FirstLook(collections, null);
    } catch (RuntimeException e) {
      // Kept for the reset's refusal, which names it; the test itself will meet the same error.
      return new FirstLook(List.of(), e.toString());
    }
  }

  /**
   * The database's collections, sorted, without {@code system.*}.
   *
   * @param database the database
   * @param withoutMarker whether to leave out the marker's collection
   * @return the names
   */
  static List<String> collections(MongoDatabase database, boolean withoutMarker) {
    List<String> collections = new ArrayList<>();
    for (String name : database.listCollectionNames()) {
      if (!name.startsWith("system.") && !(withoutMarker && name.equals(OWNER_COLLECTION))) {
        collections.add(name);
      }
    }
    return collections.stream().sorted().toList();
  }

  /**
   * Writes this run's marker, unless a marker exists already (written by a concurrent test run).
   *
   * @param database a database that holds no collection
   * @return whether this run's marker was written
   */
  static boolean claim(MongoDatabase database) {
    try {
      owners(database).insertOne(marker());
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Writes this run's marker again, after the reset dropped the other collections.
   *
   * @param database a database this run owns
   */
  static void mark(MongoDatabase database) {
    owners(database)
        .replaceOne(Filters.eq("_id", MARKER_ID), marker(), new ReplaceOptions().upsert(true));
  }

  /**
   * The database's ownership marker.
   *
   * @param database the database
   * @return the marker, or {@code null} when it has none
   */
  static @Nullable Document marker(MongoDatabase database) {
    return owners(database).find(Filters.eq("_id", MARKER_ID)).first();
  }

  /**
   * Whether a marker is this JVM's.
   *
   * @param marker the marker
   * @return {@code true} when it carries this JVM's id
   */
  static boolean isOurs(@Nullable Document marker) {
    return marker != null && RUN_ID.equals(marker.get("owner"));
  }

  private static Document marker() {
    return new Document("_id", MARKER_ID)
        .append("owner", RUN_ID)
        .append("pid", ProcessHandle.current().pid())
        .append("at", new Date());
  }

  private static MongoCollection<Document> owners(MongoDatabase database) {
    return database.getCollection(OWNER_COLLECTION);
  }
}
