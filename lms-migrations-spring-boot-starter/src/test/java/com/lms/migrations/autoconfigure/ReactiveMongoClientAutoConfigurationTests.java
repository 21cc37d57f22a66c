package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.connection.MigrationsMongoClient;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * An application whose MongoDB is reactive only (Spring Boot's reactive Mongo auto-configurations,
 * no {@code MongoTemplate}): the starter opens a client of its own from Boot's connection details.
 */
@EnabledIf(
    value = "com.lms.migrations.reactive.ReactiveDriver#onClassPath",
    disabledReason = "the reactive MongoDB driver is only in the reactive-tests run")
@ExtendWith(MongoDatabaseExtension.class)
class ReactiveMongoClientAutoConfigurationTests {

  /**
   * The reactive driver then uses its own transport: Netty's event loop, which Spring Boot prefers,
   * takes two seconds to shut down with each context.
   */
  private static final FilteredClassLoader WITHOUT_NETTY = new FilteredClassLoader("io.netty");

  private ApplicationContextRunner reactiveApp;
  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.reactiveApp =
        new ApplicationContextRunner()
            .withClassLoader(WITHOUT_NETTY)
            .withConfiguration(
                AutoConfigurations.of(
                    MongoReactiveAutoConfiguration.class,
                    DataMongoReactiveAutoConfiguration.class,
                    MigrationsMongoClientAutoConfiguration.class,
                    MigrationsAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri());
  }

  @Test
  void appliesMigrationsInAReactiveApplicationWithoutChangingItsBeans() {
    reactiveApp
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(ReactiveMongoTemplate.class)
                  .hasSingleBean(MigrationsMongoClient.class)
                  .doesNotHaveBean(MongoTemplate.class)
                  .doesNotHaveBean(com.mongodb.client.MongoClient.class);

              context.getBean(MigrationStartupRunner.class).run(null);

              assertThat(
                      context
                          .getBean(MigrationRunner.class)
                          .getStatus("add_tags")
                          .orElseThrow()
                          .status())
                  .isEqualTo(MigrationState.COMPLETED);
              assertThat(db.template().findById("add_tags", Document.class, "effects")).isNotNull();
              assertThat(db.database().listCollectionNames()).contains("lms_migrations");
            });
  }

  @Test
  void usesTheDatabaseNamedBySpringMongodbDatabaseOverTheConnectionStrings() {
    String other = TestMongo.newDatabaseName("named_database");
    reactiveApp
        .withBean(AddTagsMigration.class)
        .withPropertyValues("spring.mongodb.database=" + other)
        .run(
            context -> {
              try {
                assertThat(context.getBean(MigrationsMongoClient.class).database())
                    .isEqualTo(other);
                context.getBean(MigrationStartupRunner.class).run(null);

                assertThat(TestMongo.client().getDatabase(other).listCollectionNames())
                    .contains("lms_migrations", "effects");
                assertThat(db.database().listCollectionNames()).doesNotContain("lms_migrations");
              } finally {
                TestMongo.client().getDatabase(other).drop();
              }
            });
  }

  @Test
  void connectsWhereTheConnectionDetailsBeanPointsAsWithServiceConnection() {
    ConnectionString connection = new ConnectionString(db.uri());
    new ApplicationContextRunner()
        .withClassLoader(WITHOUT_NETTY)
        .withConfiguration(
            AutoConfigurations.of(
                MongoReactiveAutoConfiguration.class,
                DataMongoReactiveAutoConfiguration.class,
                MigrationsMongoClientAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        // What a Testcontainers @ServiceConnection registers; spring.mongodb.uri is unset.
        .withBean(MongoConnectionDetails.class, () -> () -> connection)
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              assertThat(db.template().findById("add_tags", Document.class, "effects")).isNotNull();
            });
  }

  @Test
  void closesItsClientWithTheApplicationContext() {
    MigrationsMongoClient[] client = new MigrationsMongoClient[1];
    reactiveApp.run(
        context -> {
          client[0] = context.getBean(MigrationsMongoClient.class);
          assertThat(client[0].template().collectionExists("anything")).isFalse();
        });

    assertThatThrownBy(() -> client[0].template().collectionExists("anything"))
        .hasMessage("state should be: open");
  }

  @Test
  void backsOffWhenTheApplicationHasAMongoTemplate() {
    new ApplicationContextRunner()
        .withClassLoader(WITHOUT_NETTY)
        .withConfiguration(
            AutoConfigurations.of(
                MongoAutoConfiguration.class,
                DataMongoAutoConfiguration.class,
                MongoReactiveAutoConfiguration.class,
                DataMongoReactiveAutoConfiguration.class,
                MigrationsMongoClientAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + db.uri())
        .withBean(AddTagsMigration.class)
        .run(
            context -> {
              assertThat(context)
                  .doesNotHaveBean(MigrationsMongoClient.class)
                  .hasSingleBean(MigrationRunner.class);
              context.getBean(MigrationStartupRunner.class).run(null);
              assertThat(context.getBean(MongoTemplate.class).collectionExists("lms_migrations"))
                  .isTrue();
            });
  }

  @Test
  void backsOffWhenMigrationsAreDisabled() {
    reactiveApp
        .withPropertyValues("lms.migrations.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(MigrationsMongoClient.class)
                    .doesNotHaveBean(MigrationRunner.class));
  }

  @Test
  void refusesAConnectionWithoutADatabaseNamingTheProperties() {
    ConnectionString noDatabase = new ConnectionString(TestMongo.serverUri());
    new ApplicationContextRunner()
        .withClassLoader(WITHOUT_NETTY)
        .withConfiguration(
            AutoConfigurations.of(
                MongoReactiveAutoConfiguration.class,
                MigrationsMongoClientAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        .withBean(MongoConnectionDetails.class, () -> () -> noDatabase)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                        "lms-migrations found no database name: set spring.mongodb.database, or"
                            + " name the database in the connection string"
                            + " (spring.mongodb.uri=mongodb://host/<database>)"));
  }
}
