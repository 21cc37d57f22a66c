package com.lms.migrations;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import org.bson.codecs.configuration.CodecRegistry;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.convert.CustomConversions;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.DefaultDbRefResolver;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

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

  /** Another database of {@code template}'s connection. */
  static MongoDatabaseFactory of(MongoTemplate template, String database) {
    return new OtherDatabaseFactory(template.getMongoDatabaseFactory(), database);
  }

  /**
   * A template like {@code template} (same connection and conversions) on another database's
   * factory, from {@link #of}. Building its converter costs a fraction of a millisecond: build it
   * when a migration needs it, not for every tenant that is only read.
   */
  static MongoTemplate template(MongoTemplate template, MongoDatabaseFactory factory) {
    return new MongoTemplate(factory, converterLike(template.getConverter(), factory));
  }

  /**
   * A converter with the same conversions and type mapping, in a mapping context of its own that
   * never creates indexes. Sharing the application's context would make each new template create
   * every known entity's indexes in its database ({@code auto-index-creation}), before any
   * migration ran, and send the indexes of entities found later to the last one.
   */
  private static MongoConverter converterLike(MongoConverter source, MongoDatabaseFactory factory) {
    CustomConversions conversions = source.getCustomConversions();
    MongoMappingContext context = new MongoMappingContext();
    context.setAutoIndexCreation(false);
    context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
    MappingMongoConverter converter =
        new MappingMongoConverter(new DefaultDbRefResolver(factory), context);
    converter.setCustomConversions(conversions);
    if (source instanceof MappingMongoConverter mapping) {
      converter.setTypeMapper(mapping.getTypeMapper());
    }
    converter.afterPropertiesSet();
    return converter;
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
