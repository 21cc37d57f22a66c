package com.lms.migrations.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.test.migrations.AddActiveFlag;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/**
 * The reset drops a database only when the database itself carries this test run's ownership
 * marker, whatever else the JVM has seen on the same hosts and database name.
 */
class MigrationDatabaseResetOwnershipTests {

  private static final String OWNER = "lms_test_owner";

  @Test
  void marksADatabaseFirstSeenEmptyAsThisRunsOwn() {
    String name = TestMongo.newDatabaseName("marks");
    try (GenericApplicationContext context =
        context(TestMongo.client(), TestMongo.client(), name)) {
      Document marker = TestMongo.client().getDatabase(name).getCollection(OWNER).find().first();

      assertThat(marker).isNotNull();
      assertThat(marker.get("_id")).isEqualTo("owner");
      assertThat(marker.get("owner")).isEqualTo(NewDatabases.RUN_ID);
      assertThat(marker.get("at")).isNotNull();

      reset(context).reset();

      assertThat(TestMongo.client().getDatabase(name).getCollection(OWNER).find().first())
          .isNotNull()
          .satisfies(again -> assertThat(again.get("owner")).isEqualTo(NewDatabases.RUN_ID));
      assertThat(reset(context).collectionNames()).contains("lms_migrations").doesNotContain(OWNER);
    } finally {
      TestMongo.client().getDatabase(name).drop();
    }
  }

  @Test
  void refusesADatabaseMarkedByAnotherTestRun() {
    String name = TestMongo.newDatabaseName("foreign");
    try (GenericApplicationContext context =
        context(TestMongo.client(), TestMongo.client(), name)) {
      TestMongo.client()
          .getDatabase(name)
          .getCollection(OWNER)
          .replaceOne(
              new Document("_id", "owner"),
              new Document("_id", "owner").append("owner", "another-run"));
      invoices(TestMongo.client(), name).insertOne(new Document("_id", "i1"));

      assertThatThrownBy(() -> reset(context).reset())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Refusing to reset database '" + name + "'")
          .hasMessageContaining("another test run (another-run")
          .hasMessageContaining("allowingExistingDatabase()");
      assertThat(invoices(TestMongo.client(), name).countDocuments()).isEqualTo(1);
    } finally {
      TestMongo.client().getDatabase(name).drop();
    }
  }

  @Test
  void refusesADatabaseWhoseMarkerWasRemovedOnceItHoldsData() {
    String name = TestMongo.newDatabaseName("unmarked");
    try (GenericApplicationContext context =
        context(TestMongo.client(), TestMongo.client(), name)) {
      TestMongo.client().getDatabase(name).getCollection(OWNER).drop();
      invoices(TestMongo.client(), name).insertOne(new Document("_id", "i1"));

      assertThatThrownBy(() -> reset(context).reset())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("marker")
          .hasMessageContaining("removed");
      assertThat(invoices(TestMongo.client(), name).countDocuments()).isEqualTo(1);
    } finally {
      TestMongo.client().getDatabase(name).drop();
    }
  }

  @Test
  void claimsADatabaseThatHoldsNothingAtAllAgain() {
    String name = TestMongo.newDatabaseName("emptied");
    try (GenericApplicationContext context =
        context(TestMongo.client(), TestMongo.client(), name)) {
      TestMongo.client().getDatabase(name).drop();

      reset(context).reset();

      assertThat(context.getBean(MigrationRunner.class).info().currentVersion()).isEqualTo(2);
      assertThat(TestMongo.client().getDatabase(name).getCollection(OWNER).find().first())
          .isNotNull();
    } finally {
      TestMongo.client().getDatabase(name).drop();
    }
  }

  @Test
  void refusesADatabaseOnAnotherServerThanTheMongoClientBean() {
    String name = TestMongo.newDatabaseName("elsewhere");
    MongoServer other = new MongoServer(new MemoryBackend());
    try (MongoClient otherClient = MongoClients.create(other.bindAndGetConnectionString())) {
      // The same hosts and database name were seen empty, through the MongoClient bean's server.
      try (GenericApplicationContext first =
          context(TestMongo.client(), TestMongo.client(), name)) {
        assertThat(first.isActive()).isTrue();
      }
      invoices(otherClient, name).insertOne(new Document("_id", "i1"));
      try (GenericApplicationContext context = context(TestMongo.client(), otherClient, name)) {

        assertThatThrownBy(() -> reset(context).reset())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Refusing to reset database '" + name + "'");
        assertThat(invoices(otherClient, name).countDocuments()).isEqualTo(1);
      }
    } finally {
      TestMongo.client().getDatabase(name).drop();
      other.shutdownNow();
    }
  }

  @Test
  void refusesADatabaseOnANewServerThatReusesAPort() {
    String name = TestMongo.newDatabaseName("port");
    MongoServer first = new MongoServer(new MemoryBackend());
    first.bind("127.0.0.1", 0);
    int port = first.getLocalAddress().getPort();
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port);
        GenericApplicationContext context = context(client, client, name)) {
      assertThat(context.isActive()).isTrue();
    } finally {
      first.shutdownNow();
    }
    MongoServer second = new MongoServer(new MemoryBackend());
    second.bind("127.0.0.1", port);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
      invoices(client, name).insertOne(new Document("_id", "i1"));
      try (GenericApplicationContext context = context(client, client, name)) {

        assertThatThrownBy(() -> reset(context).reset())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(
                "it already held collections when the test context started [invoices]");
        assertThat(invoices(client, name).countDocuments()).isEqualTo(1);
      }
    } finally {
      second.shutdownNow();
    }
  }

  private static MongoCollection<Document> invoices(MongoClient client, String database) {
    return client.getDatabase(database).getCollection("invoices");
  }

  private static MigrationDatabaseReset reset(GenericApplicationContext context) {
    return context.getBean(MigrationDatabaseReset.class);
  }

  /**
   * A test context as spring-test customizes it: a MongoClient bean, and a template whose factory
   * may be on another server.
   */
  private static GenericApplicationContext context(
      MongoClient clientBean, MongoClient dataClient, String database) {
    GenericApplicationContext context = new GenericApplicationContext();
    new MigrationTestContextCustomizerFactory.Customizer().customizeContext(context, null);
    // The clients belong to the test: the context must not close them.
    context.registerBean(
        MongoClient.class, () -> clientBean, bean -> bean.setDestroyMethodName(""));
    context.registerBean(
        MongoDatabaseFactory.class,
        () -> new SimpleMongoClientDatabaseFactory(dataClient, database));
    context.registerBean(
        MongoTemplate.class, () -> new MongoTemplate(context.getBean(MongoDatabaseFactory.class)));
    context.registerBean(
        MigrationRunner.class,
        () ->
            MigrationRunner.builder(context.getBean(MongoTemplate.class))
                .migrations(List.of(new AddActiveFlag()))
                .build());
    context.refresh();
    return context;
  }
}
