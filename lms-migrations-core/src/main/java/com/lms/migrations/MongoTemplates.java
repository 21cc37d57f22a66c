package com.lms.migrations;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Templates on other databases of a template's connection: what a tool working beside the runner
 * needs to read the database the migrations run against, a tenant's, or a scratch copy, on the
 * server the migrations use rather than the application's.
 */
public final class MongoTemplates {

  private MongoTemplates() {}

  /**
   * A template on another database of {@code template}'s connection, with the same conversions and
   * type mapping; sessions, transactions and exception translation stay the connection's. Nothing
   * is read or written; the database need not exist yet.
   *
   * @param template a template on the connection
   * @param database the database's name
   * @return {@code template} itself when it is on that database already, else a new template
   * @throws InvalidDatabaseNameException when MongoDB would refuse the name
   */
  public static MongoTemplate forDatabase(MongoTemplate template, String database) {
    DatabaseNames.requireValid(database);
    if (template.getDb().getName().equals(database)) {
      return template;
    }
    return OtherDatabaseFactory.template(template, OtherDatabaseFactory.of(template, database));
  }
}
