package com.lms.migrations;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import org.bson.codecs.configuration.CodecRegistry;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Another database of a factory's connection: sessions, transactions and exception translation stay
 * the connection's, only the default database changes. A session-bound copy stays on the same
 * database, so a migration's transaction covers the database it migrates.
 */
final class OtherDatabaseFactory implements MongoDatabaseFactory {

  private final MongoDatabaseFactory connection;
  private final String database;

  private OtherDatabaseFactory(MongoDatabaseFactory connection, String database) {
    this.connection = connection;
    this.database = database;
  }

  /** A template like {@code template} (same connection and converter) on another database. */
  static MongoTemplate template(MongoTemplate template, String database) {
    return new MongoTemplate(
        new OtherDatabaseFactory(template.getMongoDatabaseFactory(), database),
        template.getConverter());
  }

  @Override
  public MongoDatabase getMongoDatabase() {
    return connection.getMongoDatabase(database);
  }

  @Override
  public MongoDatabase getMongoDatabase(String dbName) {
    return connection.getMongoDatabase(dbName);
  }

  @Override
  public PersistenceExceptionTranslator getExceptionTranslator() {
    return connection.getExceptionTranslator();
  }

  @Override
  public CodecRegistry getCodecRegistry() {
    return connection.getCodecRegistry();
  }

  @Override
  public ClientSession getSession(ClientSessionOptions options) {
    return connection.getSession(options);
  }

  @Override
  public MongoDatabaseFactory withSession(ClientSession session) {
    return new OtherDatabaseFactory(connection.withSession(session), database);
  }

  @Override
  public boolean isTransactionActive() {
    return connection.isTransactionActive();
  }
}
