package com.lms.migrations.test;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What each application database looked like when a Spring test context of this JVM first used it:
 * empty (so the test run created it) or not. Shared by every cached context, so a second context on
 * the same container still knows the database was created for the tests.
 */
final class NewDatabases {

  private static final Map<String, FirstSight> seen = new ConcurrentHashMap<>();

  private NewDatabases() {}

  /**
   * What a database held when first seen.
   *
   * @param collections its collections then; empty means the tests created it
   * @param error why it could not be read then, or {@code null}
   */
  record FirstSight(List<String> collections, @Nullable String error) {

    /** Copies the list. */
    FirstSight {
      collections = List.copyOf(collections);
    }

    boolean isNew() {
      return error == null && collections.isEmpty();
    }
  }

  /**
   * Records what the database holds now, unless it was seen before.
   *
   * @param template a template on the database
   * @param client the client behind it, when known: identifies the server across contexts
   */
  static void see(MongoTemplate template, @Nullable MongoClient client) {
    seen.computeIfAbsent(key(template, client), key -> look(template));
  }

  /**
   * What the database held when first seen.
   *
   * @param template a template on the database
   * @param client the client behind it, when known
   * @return the first sight, or {@code null} when it was never seen
   */
  static @Nullable FirstSight firstSight(MongoTemplate template, @Nullable MongoClient client) {
    return seen.get(key(template, client));
  }

  private static FirstSight look(MongoTemplate template) {
    try {
      List<String> collections = new ArrayList<>();
      for (String name : template.getDb().listCollectionNames()) {
        if (!name.startsWith("system.")) {
          collections.add(name);
        }
      }
      return new FirstSight(collections.stream().sorted().toList(), null);
    } catch (RuntimeException e) {
      // Kept for the reset's refusal, which names it; the test itself will meet the same error.
      return new FirstSight(List.of(), e.toString());
    }
  }

  private static String key(MongoTemplate template, @Nullable MongoClient client) {
    String database = template.getDb().getName();
    if (client == null) {
      return "factory@"
          + System.identityHashCode(template.getMongoDatabaseFactory())
          + "/"
          + database;
    }
    ClusterSettings cluster = client.getClusterDescription().getClusterSettings();
    String server =
        cluster.getSrvHost() != null ? cluster.getSrvHost() : cluster.getHosts().toString();
    return server + "/" + database;
  }
}
