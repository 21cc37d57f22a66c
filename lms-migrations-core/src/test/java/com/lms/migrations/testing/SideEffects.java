package com.lms.migrations.testing;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.HashMap;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Counts how often each migration's work ran, in the database it ran against: a test asserts the
 * counts to prove that nothing ran twice or not at all.
 */
public final class SideEffects {

  /** The collection holding one counter per migration. */
  public static final String COLLECTION = "side_effects";

  private SideEffects() {}

  /**
   * Counts one run of a migration's work.
   *
   * @param template the template the migration got, on the database it migrates
   * @param name the migration's name
   */
  public static void count(MongoTemplate template, String name) {
    template
        .getCollection(COLLECTION)
        .updateOne(
            Filters.eq("_id", name), Updates.inc("runs", 1), new UpdateOptions().upsert(true));
  }

  /**
   * How often each migration's work ran in a database.
   *
   * @param database the database
   * @return the runs by migration name; a migration that never ran is absent
   */
  public static Map<String, Integer> counts(String database) {
    Map<String, Integer> counts = new HashMap<>();
    TestMongo.client()
        .getDatabase(database)
        .getCollection(COLLECTION)
        .find()
        .forEach(doc -> counts.put(doc.getString("_id"), doc.getInteger("runs")));
    return counts;
  }
}
