package com.lms.migrations.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ValidationAction;
import com.mongodb.client.model.ValidationLevel;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The schema steps against the suite's server: the embedded one by default, or {@code
 * MONGODB_URI}'s. What the embedded server lacks is checked to be named in one sentence.
 */
@ExtendWith(MongoDatabaseExtension.class)
class SchemaStepsTests extends SchemaStepScenarios {

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @Override
  MongoTemplate template() {
    return db.template();
  }

  @Override
  boolean hasCollMod() {
    return !TestMongo.isEmbedded();
  }

  @Test
  void whatTheEmbeddedServerLacksIsNamedWithTheVersionNeeded() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestMongo.isEmbedded(), "the embedded server");
    database().createCollection("students");
    MigrationRunner runner =
        runner(
            stepsOnly(
                "validator",
                1,
                ctx ->
                    ctx.schema()
                        .setValidator(
                            "students",
                            Filters.jsonSchema(new Document("required", List.of("email"))),
                            ValidationLevel.STRICT,
                            ValidationAction.ERROR)),
            stepsOnly(
                "view",
                2,
                ctx ->
                    ctx.schema()
                        .createView(
                            "open", "courses", List.of(new Document("$match", new Document())))));

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "Setting the validator of students needs MongoDB 3.6 or later, whose collMod command"
                + " this server lacks (the embedded mongo-java-server has none)");
    runner.down("validator");
    assertThat(state(runner, "validator")).isEqualTo(MigrationState.PENDING);
    assertThat(database().listCollectionNames()).doesNotContain("open");
  }
}
