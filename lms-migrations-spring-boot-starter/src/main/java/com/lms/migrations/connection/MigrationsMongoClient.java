package com.lms.migrations.connection;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.mongodb.autoconfigure.MongoClientFactory;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.boot.mongodb.autoconfigure.StandardMongoClientSettingsBuilderCustomizer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.StringUtils;

/**
 * The synchronous MongoDB client the starter opens for itself when the application has no {@link
 * MongoTemplate} bean, typically a reactive application with only {@code
 * spring-boot-starter-data-mongodb-reactive}. It is built from Spring Boot's {@link
 * MongoConnectionDetails}, so it reaches the server the application uses (a Testcontainers
 * {@code @ServiceConnection} included), with the database Spring Boot picks: {@code
 * spring.mongodb.database}, else the connection string's. It is neither a {@code MongoTemplate} nor
 * a {@code MongoClient} bean, so the application's own wiring is unchanged, and it is closed with
 * the application context.
 *
 * <p>It applies the connection string, the SSL bundle and {@code
 * spring.mongodb.representation.uuid}; {@code MongoClientSettingsBuilderCustomizer} beans are meant
 * for the application's own client and are not applied.
 */
public final class MigrationsMongoClient implements AutoCloseable {

  private final MongoClient client;
  private final String database;
  private final MongoTemplate template;

  private MigrationsMongoClient(MongoClient client, String database) {
    this.client = client;
    this.database = database;
    this.template = new MongoTemplate(client, database);
  }

  /**
   * Opens a client to the application's MongoDB.
   *
   * @param connectionDetails where the application's MongoDB is
   * @param properties Spring Boot's {@code spring.mongodb.*} properties
   * @return the open client
   * @throws IllegalStateException when neither the properties nor the connection string name a
   *     database
   */
  public static MigrationsMongoClient open(
      MongoConnectionDetails connectionDetails, MongoProperties properties) {
    String database = databaseOf(connectionDetails, properties);
    MongoClientFactory factory =
        new MongoClientFactory(
            List.of(
                new StandardMongoClientSettingsBuilderCustomizer(
                    connectionDetails, properties.getRepresentation().getUuid())));
    return new MigrationsMongoClient(
        factory.createMongoClient(MongoClientSettings.builder().build()), database);
  }

  /**
   * The template migrations run against: the starter's own client's when there is one (only when
   * the application has no {@code MongoTemplate}), else the application's.
   *
   * @param applicationTemplate the application's template
   * @param ownClient the starter's own client
   * @return the template
   */
  public static MongoTemplate templateOf(
      ObjectProvider<MongoTemplate> applicationTemplate,
      ObjectProvider<MigrationsMongoClient> ownClient) {
    MigrationsMongoClient own = ownClient.getIfAvailable();
    return own != null ? own.template() : applicationTemplate.getObject();
  }

  /** The database as Spring Boot's Mongo auto-configurations pick it. */
  static String databaseOf(MongoConnectionDetails connectionDetails, MongoProperties properties) {
    String database = properties.getDatabase();
    if (database == null) {
      database = connectionDetails.getConnectionString().getDatabase();
    }
    if (!StringUtils.hasText(database)) {
      throw new IllegalStateException(
          "lms-migrations found no database name: set spring.mongodb.database, or name the"
              + " database in the connection string (spring.mongodb.uri=mongodb://host/<database>)");
    }
    return database;
  }

  /**
   * The template migrations run against, on the application's database.
   *
   * @return the template
   */
  public MongoTemplate template() {
    return template;
  }

  /**
   * The application's database.
   *
   * @return its name
   */
  public String database() {
    return database;
  }

  /** Closes the client. */
  @Override
  public void close() {
    client.close();
  }
}
