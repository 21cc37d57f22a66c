package com.lms.migrations.testing;

import com.mongodb.client.MongoDatabase;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A fresh database on the test server, dropped after the test.
 *
 * @param name the database name
 * @param uri a connection string naming the database
 * @param template a template on the database
 */
public record TestDatabase(String name, String uri, MongoTemplate template) {

  /**
   * The database through the plain driver.
   *
   * @return the database
   */
  public MongoDatabase database() {
    return TestMongo.client().getDatabase(name);
  }

  /**
   * A new template on the same database, as a second application instance would have.
   *
   * @return a template with its own state
   */
  public MongoTemplate newTemplate() {
    return new MongoTemplate(TestMongo.client(), name);
  }
}
