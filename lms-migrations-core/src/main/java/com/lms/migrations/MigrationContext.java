package com.lms.migrations;

import org.springframework.data.mongodb.core.MongoTemplate;

/** What a running migration can use: the database and a log that is kept with its status. */
public interface MigrationContext {

  /**
   * The template to change data with. When the migration runs in a transaction, operations on this
   * template take part in it.
   *
   * @return the application's template
   */
  MongoTemplate mongoTemplate();

  /**
   * A logger whose lines go to the application log and are stored with the migration, so that
   * {@link MigrationRunner#getLogs(String)} shows them from any instance.
   *
   * @return the migration's logger
   */
  MigrationLogger log();
}
