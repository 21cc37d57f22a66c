package com.lms.migrations.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The schema steps against a real {@code mongod} (a single-node replica set, so with transactions),
 * which has what the embedded server lacks: validators, views, hidden indexes. Skipped without
 * Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class SchemaStepsMongodTests extends SchemaStepScenarios {

  @Container
  static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image()).withReplicaSet();

  private MongoClient client;
  private MongoTemplate template;

  @BeforeEach
  void connect() {
    client = MongoClients.create(mongo.getReplicaSetUrl());
    template = new MongoTemplate(client, "schema_" + System.nanoTime());
  }

  @AfterEach
  void drop() {
    template.getDb().drop();
    client.close();
  }

  @Override
  MongoTemplate template() {
    return template;
  }

  @Override
  boolean hasCollMod() {
    return true;
  }

  @Test
  void stepsRunOutsideTheMigrationsTransactionWhichRollsBackAlone() {
    insertCourses(10);
    MigrationRunner runner =
        runner(
            TestMigration.of(
                "index_and_seed",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("status"));
                  ctx.mongoTemplate().insert(new Document("_id", "cs"), "departments");
                  throw new IllegalStateException("after the step and the insert");
                },
                ctx -> {}));

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    // The insert took part in the transaction and is gone; the index was built outside it.
    assertThat(template.getCollection("departments").countDocuments()).isZero();
    assertThat(index("courses", "status_1")).isNotNull();
    assertThat(logs(runner, "index_and_seed"))
        .contains(
            "Step 1: create index courses.status_1 outside the migration's transaction (MongoDB"
                + " does not allow it in one)");

    runner.down("index_and_seed");
    assertThat(index("courses", "status_1")).isNull();
    assertThat(state(runner, "index_and_seed")).isEqualTo(MigrationState.PENDING);
  }
}
