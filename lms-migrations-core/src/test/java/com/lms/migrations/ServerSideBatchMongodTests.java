package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.batch.BatchResult;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Server-side batch jobs against a real {@code mongod}, which has what the embedded server lacks:
 * updates written as aggregation pipelines, and index range scans per chunk. Skipped without
 * Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ServerSideBatchMongodTests {

  @Container static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image());

  private MongoClient client;
  private MongoTemplate template;

  @BeforeEach
  void connect() {
    client = MongoClients.create(mongo.getConnectionString());
    template = new MongoTemplate(client, "server_side_" + System.nanoTime());
  }

  @AfterEach
  void drop() {
    template.getDb().drop();
    client.close();
  }

  @Test
  void aPipelineUpdateComputesAFieldFromOthersInChunks() {
    List<Document> people = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      people.add(new Document("_id", i).append("first", "Ada" + i).append("last", "Lovelace"));
    }
    for (int i = 0; i < 40; i++) {
      people.add(
          new Document("_id", new ObjectId()).append("first", "Alan").append("last", "Turing"));
    }
    people().insertMany(people);
    AtomicReference<BatchResult> result = new AtomicReference<>();
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(
        TestMigration.of(
                "full_names",
                1,
                ctx ->
                    result.set(
                        ctx.batch("people")
                            .filter(Filters.exists("fullName", false))
                            .batchSize(300)
                            .update(
                                List.of(
                                    new Document(
                                        "$set",
                                        new Document(
                                            "fullName",
                                            new Document(
                                                "$concat", List.of("$first", " ", "$last"))))))),
                ctx -> {})
            .nonTransactional());

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(2_540);
    assertThat(people().countDocuments(Filters.exists("fullName"))).isEqualTo(2_540);
    assertThat(people().find(Filters.eq("_id", 7)).first().getString("fullName"))
        .isEqualTo("Ada7 Lovelace");
  }

  @Test
  void aChunkedDeleteRemovesOnlyTheMatchingDocuments() {
    List<Document> events = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      events.add(new Document("_id", i).append("old", i % 3 == 0));
    }
    template.getCollection("events").insertMany(events);
    MigrationRunner runner = new MigrationRunner(template);
    runner.register(
        TestMigration.of(
                "purge_old_events",
                1,
                ctx -> ctx.batch("events").filter(Filters.eq("old", true)).batchSize(250).delete(),
                ctx -> {})
            .nonTransactional());

    runner.upAll();

    assertThat(template.getCollection("events").countDocuments()).isEqualTo(2_000);
    assertThat(template.getCollection("events").countDocuments(Filters.eq("old", true))).isZero();
  }

  private MongoCollection<Document> people() {
    return template.getCollection("people");
  }
}
