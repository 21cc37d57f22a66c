package com.lms.sample.migrations;

import com.lms.migrations.verify.ReversibilityCheck;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The operating page's reversibility check of two sample migrations, in a test suite. */
class SampleMigrationsReversibilityTests {

  static final MongoServer server = new MongoServer(new MemoryBackend());
  static final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());

  final MongoTemplate scratchMongoTemplate = new MongoTemplate(client, "lms_scratch_check");

  @AfterAll
  static void stop() {
    client.close();
    server.shutdownNow();
  }

  // tag::reversibility-check[]
  @Test
  void everyMigrationIsReversible() {
    ReversibilityCheck.of(List.of(new AddCourseTags(), new ConvertCreditsToNumber()))
        .withFixture("courses", List.of(new Document("_id", "c1").append("credits", "3")))
        .run(scratchMongoTemplate) // an empty database, or one an earlier check used
        .assertReversible(); // IrreversibleMigrationException lists what down left behind
  }
  // end::reversibility-check[]
}
