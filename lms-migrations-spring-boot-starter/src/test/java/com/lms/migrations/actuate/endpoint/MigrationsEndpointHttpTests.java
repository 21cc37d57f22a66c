package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.LockSettings;
import com.lms.migrations.testing.TestMongo;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every route of /actuator/migrations over real HTTP, with writes enabled and Spring Security. */
@SpringBootTest(
    classes = EndpointTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,migrations",
      "management.endpoint.migrations.access=unrestricted",
      "management.health.mongodb.enabled=false"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class MigrationsEndpointHttpTests {

  @DynamicPropertySource
  static void freshDatabase(DynamicPropertyRegistry registry) {
    String uri = TestMongo.uri(TestMongo.newDatabaseName("endpoint"));
    registry.add("spring.mongodb.uri", () -> uri);
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;

  @Autowired
  @Qualifier("migrationsHealthIndicator")
  HealthIndicator healthIndicator;

  private Http http;

  @BeforeEach
  void client() {
    http = new Http(port, "alice", "secret");
    EndpointTestApplication.archiveDownFails.set(false);
  }

  @AfterEach
  void dropDatabase() {
    mongo.getDb().drop();
  }

  @Test
  void listsEveryMigrationWithTheContractsFieldsAndTypes() {
    Http.Response response = http.get("/actuator/migrations");

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = response.body();
    assertThat(body.get("currentVersion").asInt()).isEqualTo(4);
    assertThat(body.get("pending").asInt()).isZero();
    assertThat(body.get("lock").isNull()).isTrue();
    assertThat(body.get("migrations")).hasSize(4);
    JsonNode tags = body.get("migrations").get(1);
    assertThat(tags.get("name").asString()).isEqualTo("add_course_tags");
    assertThat(tags.get("version").isInt()).isTrue();
    assertThat(tags.get("description").asString()).isEqualTo("Add tags field to all courses");
    assertThat(tags.get("status").asString()).isEqualTo("completed");
    assertThat(Instant.parse(tags.get("executedAt").asString())).isBefore(Instant.now());
    assertThat(tags.get("executionTime").isIntegralNumber()).isTrue();
    assertThat(tags.has("error")).isTrue();
    assertThat(tags.get("error").isNull()).isTrue();
    assertThat(body.get("writes").get("allowed").asBoolean()).isTrue();
    assertThat(body.get("writes").get("hint").isNull()).isTrue();
  }

  @Test
  void listsMigrationsAppliedByANewerBuildAsFuture() {
    mongo.insert(
        new org.bson.Document("_id", "newer_feature")
            .append("version", 12)
            .append("description", "")
            .append("status", "COMPLETED")
            .append("executedAt", new java.util.Date()),
        "lms_migrations");

    JsonNode body = http.get("/actuator/migrations").body();

    assertThat(body.get("currentVersion").asInt()).isEqualTo(12);
    assertThat(body.get("migrations")).hasSize(4);
    JsonNode future = body.get("future");
    assertThat(future).hasSize(1);
    assertThat(future.get(0).get("name").asString()).isEqualTo("newer_feature");
    assertThat(future.get(0).get("version").asInt()).isEqualTo(12);
    assertThat(future.get(0).get("status").asString()).isEqualTo("completed");
  }

  @Test
  void showsOneMigrationWithItsLogsAndHistory() {
    JsonNode body = http.get("/actuator/migrations/add_course_tags").body();

    assertThat(body.get("name").asString()).isEqualTo("add_course_tags");
    assertThat(body.get("status").asString()).isEqualTo("completed");
    JsonNode log = body.get("logs").get(0);
    assertThat(log.get("level").asString()).isEqualTo("INFO");
    assertThat(log.get("message").asString()).isEqualTo("Added tags to 3 courses");
    assertThat(Instant.parse(log.get("timestamp").asString())).isBefore(Instant.now());
    JsonNode history = body.get("history").get(0);
    assertThat(history.get("action").asString()).isEqualTo("UP");
    assertThat(history.get("outcome").asString()).isEqualTo("COMPLETED");
    assertThat(history.get("host").asString()).isNotBlank();
  }

  @Test
  void showsTheSchemaStepsAMigrationTookAndThoseAPlanWouldTakeAgain() {
    JsonNode body = http.get("/actuator/migrations/rename_title").body();

    JsonNode step = body.get("schemaSteps").get(0);
    assertThat(step.get("step").asInt()).isEqualTo(1);
    assertThat(step.get("kind").asString()).isEqualTo("renameField");
    assertThat(step.get("collection").asString()).isEqualTo("courses");
    assertThat(step.get("state").asString()).isEqualTo("done");
    String renamed = step.get("description").asString();
    assertThat(renamed).startsWith("renamed field courses.title to name in ");
    assertThat(step.has("undone")).isFalse();
    assertThat(body.get("history").get(0).get("steps").get(0).asString()).isEqualTo(renamed);
    assertThat(http.get("/actuator/migrations/add_course_tags").body().has("schemaSteps"))
        .as("left out when a migration took none")
        .isFalse();

    http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}");

    JsonNode undone =
        http.get("/actuator/migrations/rename_title").body().get("schemaSteps").get(0);
    assertThat(undone.get("state").asString()).isEqualTo("undone");
    assertThat(undone.get("undone").asString())
        .startsWith("renamed field courses.name back to title in ");
    JsonNode planned = http.get("/actuator/migrations").body().get("plan").get(0);
    assertThat(planned.get("name").asString()).isEqualTo("rename_title");
    assertThat(planned.get("steps").get(0).asString())
        .isEqualTo("step 1 (as its last run took it): " + renamed);
  }

  @Test
  void listsTheRunningInstancesWithWhatTheirBuildsKnow() {
    JsonNode instance = http.get("/actuator/migrations").body().get("instances").get(0);

    assertThat(instance.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(instance.get("knowsUpTo").asInt()).isEqualTo(4);
    assertThat(instance.get("host").asString()).isNotBlank();
    assertThat(healthIndicator.health(true).getDetails().get("instances"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .singleElement()
        .asString()
        .endsWith("build knows up to v4");
  }

  @Test
  void theDeployCheckAnswersWhetherARolloutIsSafeAndWhyNot() {
    JsonNode safe = http.get("/actuator/migrations/deploy-check?version=4").body();
    assertThat(safe.get("safe").asBoolean()).isTrue();
    assertThat(safe.get("targetVersion").asInt()).isEqualTo(4);
    assertThat(safe.get("reasons")).isEmpty();

    mongo
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "archive_flags"),
            new Document("$set", new Document("status", "FAILED").append("error", "boom")));

    JsonNode unsafe = http.get("/actuator/migrations/deploy-check?version=4").body();
    assertThat(unsafe.get("safe").asBoolean()).isFalse();
    assertThat(unsafe.get("reasons").get(0).asString())
        .isEqualTo(
            "migration 'archive_flags' (version 4) FAILED: boom; fix it or roll it back first");
    Http.Response noVersion = http.get("/actuator/migrations/deploy-check");
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.body().get("message").asString())
        .isEqualTo(
            "Say which version the rollout goes up to: GET"
                + " /actuator/migrations/deploy-check?version=<n>");
  }

  @Test
  void answers404ForAnUnknownMigration() {
    assertThat(http.get("/actuator/migrations/nope").status()).isEqualTo(404);
    Http.Response post = http.post("/actuator/migrations/nope", "{\"action\":\"rollback\"}");
    assertThat(post.status()).isEqualTo(404);
    assertThat(post.body().get("message").asString()).contains("No migration named 'nope'");
  }

  @Test
  void aRollbackBelowAnAppliedMigrationNamesItAndReportsShowTheHole() {
    Http.Response response =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().get("name").asString()).isEqualTo("rename_title");
    assertThat(response.body().get("status").asString()).isEqualTo("pending");
    JsonNode above = response.body().get("appliedAbove");
    assertThat(above).hasSize(1);
    assertThat(above.get(0).get("name").asString()).isEqualTo("archive_flags");
    assertThat(above.get(0).get("version").asInt()).isEqualTo(4);

    JsonNode report = http.get("/actuator/migrations").body();
    assertThat(report.get("currentVersion").asInt()).isEqualTo(4);
    assertThat(report.get("completeVersion").asInt()).isEqualTo(2);
    assertThat(report.get("gaps")).hasSize(1);
    assertThat(report.get("gaps").get(0).get("name").asString()).isEqualTo("rename_title");
    assertThat(report.get("gaps").get(0).get("version").asInt()).isEqualTo(3);

    Health health = healthIndicator.health(true);
    assertThat(health.getDetails())
        .containsEntry("currentVersion", 4)
        .containsEntry("completeVersion", 2)
        .containsEntry("gaps", List.of(Map.of("name", "rename_title", "version", 3)));
  }

  @Test
  void aRollbackOfTheTopMigrationLeavesNoHoleAndSaysNothingMore() {
    Http.Response response =
        http.post("/actuator/migrations/archive_flags", "{\"action\":\"rollback\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().has("appliedAbove")).isFalse();
    JsonNode report = http.get("/actuator/migrations").body();
    assertThat(report.get("currentVersion").asInt()).isEqualTo(3);
    assertThat(report.get("completeVersion").asInt()).isEqualTo(3);
    assertThat(report.has("gaps")).isFalse();
    assertThat(healthIndicator.health(true).getDetails())
        .containsEntry("completeVersion", 3)
        .doesNotContainKey("gaps");
  }

  @Test
  void rollsBackOneMigrationAndRecordsWhoAskedForIt() {
    Http.Response response =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().get("name").asString()).isEqualTo("rename_title");
    assertThat(response.body().get("status").asString()).isEqualTo("pending");
    assertThat(mongo.findAll(Document.class, "courses"))
        .allSatisfy(course -> assertThat(course).containsKey("title").doesNotContainKey("name"));
    JsonNode history = http.get("/actuator/migrations/rename_title").body().get("history");
    assertThat(history.get(1).get("action").asString()).isEqualTo("DOWN");
    assertThat(history.get(1).get("principal").asString()).isEqualTo("alice");
  }

  @Test
  void rollingBackAMigrationThatIsNotAppliedIsAConflict() {
    http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}");

    Http.Response again =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().get("message").asString())
        .contains("Cannot roll back migration 'rename_title': it is PENDING");
  }

  @Test
  void appliesOneMigration() {
    http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}");

    Http.Response response = http.post("/actuator/migrations/rename_title", "{\"action\":\"up\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().get("status").asString()).isEqualTo("completed");
  }

  @Test
  void rollbackToThenUpAllLeavesTheDataAsAfterTheFirstRun() {
    List<Document> afterFirstRun = mongo.findAll(Document.class, "courses");

    Http.Response down =
        http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":1}");
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.body()).hasSize(3);
    assertThat(down.body().get(0).get("status").asString()).isEqualTo("pending");
    // In the order they were rolled back: newest first.
    assertThat(down.body().get(0).get("version").asInt())
        .isGreaterThan(down.body().get(2).get("version").asInt());
    assertThat(mongo.findAll(Document.class, "courses"))
        .containsExactlyInAnyOrder(
            new Document("_id", "c1").append("title", "Algebra"),
            new Document("_id", "c2").append("title", "Biology"),
            new Document("_id", "c3").append("title", "Chemistry"));

    Http.Response up = http.post("/actuator/migrations", "{\"action\":\"upAll\"}");
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.body()).hasSize(3);
    assertThat(mongo.findAll(Document.class, "courses")).isEqualTo(afterFirstRun);
    assertThat(http.post("/actuator/migrations", "{\"action\":\"upAll\"}").body()).isEmpty();
  }

  @Test
  void aFailingDownAnswers500WithTheFailedStatusAndItsError() {
    EndpointTestApplication.archiveDownFails.set(true);

    Http.Response response =
        http.post("/actuator/migrations/archive_flags", "{\"action\":\"rollback\"}");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body().get("status").asString()).isEqualTo("failed");
    assertThat(response.body().get("error").asString())
        .isEqualTo("IllegalStateException: archived flags are in use by reports");
  }

  @Test
  void aRollbackToThatStopsAtAFailingDownAnswers500WithTheStatusesThatChanged() {
    EndpointTestApplication.archiveDownFails.set(true);

    Http.Response response =
        http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":0}");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).hasSize(1);
    assertThat(response.body().get(0).get("name").asString()).isEqualTo("archive_flags");
    assertThat(response.body().get(0).get("status").asString()).isEqualTo("failed");
    assertThat(response.body().get(0).get("error").asString())
        .isEqualTo("IllegalStateException: archived flags are in use by reports");
    assertThat(mongo.count(new Query(), "courses")).isEqualTo(3);
  }

  @Test
  void aSuccessfulActionAfterAFailureAnswers200Again() {
    EndpointTestApplication.archiveDownFails.set(true);
    http.post("/actuator/migrations/archive_flags", "{\"action\":\"rollback\"}");
    EndpointTestApplication.archiveDownFails.set(false);

    Http.Response retried =
        http.post("/actuator/migrations/archive_flags", "{\"action\":\"rollback\"}");

    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.body().get("status").asString()).isEqualTo("pending");
  }

  @Test
  void badInputIsAnsweredWith400AndAMessage() {
    Http.Response unknownAction = http.post("/actuator/migrations", "{\"action\":\"explode\"}");
    assertThat(unknownAction.status()).isEqualTo(400);
    assertThat(unknownAction.body().get("message").asString()).contains("Unknown action 'explode'");

    Http.Response missingVersion = http.post("/actuator/migrations", "{\"action\":\"rollbackTo\"}");
    assertThat(missingVersion.status()).isEqualTo(400);
    assertThat(missingVersion.body().get("message").asString()).contains("needs a \"version\"");

    Http.Response negativeVersion =
        http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":-2}");
    assertThat(negativeVersion.status()).isEqualTo(400);

    assertThat(
            http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":\"abc\"}")
                .status())
        .isEqualTo(400);
    assertThat(http.post("/actuator/migrations", "{\"action\":").status()).isEqualTo(400);
    assertThat(http.post("/actuator/migrations", "{}").status()).isEqualTo(400);
    Http.Response unknownOnOne =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"sideways\"}");
    assertThat(unknownOnOne.status()).isEqualTo(400);
    assertThat(unknownOnOne.body().get("message").asString()).contains("use 'up', 'rollback'");
    assertThat(mongo.count(new Query(), "courses")).isEqualTo(3);
  }

  @Test
  void actionsWhileAnotherInstanceHoldsTheLockAreAConflict() {
    mongo.insert(
        new Document("_id", "migrations")
            .append("owner", "other-instance")
            .append("host", "pod-3")
            .append("pid", 77L)
            .append("lockedAt", new Date())
            .append("expiresAt", Date.from(Instant.now().plusSeconds(60))),
        LockSettings.DEFAULT_COLLECTION);

    assertThat(http.get("/actuator/migrations").body().get("lock").get("host").asString())
        .isEqualTo("pod-3");
    Http.Response response =
        http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":0}");
    assertThat(response.status()).isEqualTo(409);
    assertThat(response.body().get("message").asString())
        .startsWith("Another instance is running migrations")
        .contains("pod-3");
    assertThat(mongo.count(new Query(), "courses")).isEqualTo(3);
    // Nothing to do needs no lock: answered at once.
    assertThat(http.post("/actuator/migrations/add_course_tags", "{\"action\":\"up\"}").status())
        .isEqualTo(200);
    assertThat(http.post("/actuator/migrations", "{\"action\":\"upAll\"}").status()).isEqualTo(200);
  }

  @Test
  void anonymousRequestsAreRefusedBySecurity() {
    assertThat(new Http(port, null, null).get("/actuator/migrations").status()).isEqualTo(401);
  }

  @Test
  void showsThePlanAndRepairsWithoutRunning() {
    http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":2}");
    JsonNode plan = http.get("/actuator/migrations").body().get("plan");
    assertThat(plan).hasSize(2);
    assertThat(plan.get(0).get("name").asString()).isEqualTo("rename_title");
    assertThat(plan.get(0).get("direction").asString()).isEqualTo("up");

    Http.Response marked =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"markApplied\"}");

    assertThat(marked.status()).isEqualTo(200);
    assertThat(marked.body().get("status").asString()).isEqualTo("completed");
    assertThat(mongo.findAll(Document.class, "courses"))
        .allSatisfy(course -> assertThat(course).containsKey("title").doesNotContainKey("name"));
    JsonNode history = http.get("/actuator/migrations/rename_title").body().get("history");
    assertThat(history.get(2).get("action").asString()).isEqualTo("MARK_APPLIED");
    assertThat(history.get(2).get("principal").asString()).isEqualTo("alice");
  }

  @Test
  void showsAChangedMigrationsFingerprintsAndAcceptsTheChangeWithoutRunningIt() {
    Document record = mongo.findById("add_course_tags", Document.class, "lms_migrations");
    String current = record.getString("checksum");
    String recorded = "sha256:" + "0".repeat(64);
    mongo
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_course_tags"),
            new Document("$set", new Document("checksum", recorded))
                // An edit changes the class files too: the recorded sum no longer matches.
                .append("$unset", new Document("classBytes", "")));

    JsonNode listed = http.get("/actuator/migrations").body().get("migrations");
    assertThat(listed.get(1).get("changed").get("recorded").asString()).isEqualTo(recorded);
    assertThat(listed.get(1).get("changed").get("current").asString()).isEqualTo(current);
    assertThat(listed.get(0).has("changed")).isFalse();
    JsonNode detail = http.get("/actuator/migrations/add_course_tags").body();
    assertThat(detail.get("changed").get("recorded").asString()).isEqualTo(recorded);
    assertThat(detail.get("changed").get("current").asString()).isEqualTo(current);

    Http.Response accepted =
        http.post("/actuator/migrations/add_course_tags", "{\"action\":\"acceptChange\"}");

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body().get("status").asString()).isEqualTo("completed");
    assertThat(accepted.body().has("changed")).isFalse();
    assertThat(http.get("/actuator/migrations").body().get("migrations").get(1).has("changed"))
        .isFalse();
    JsonNode history = http.get("/actuator/migrations/add_course_tags").body().get("history");
    JsonNode last = history.get(history.size() - 1);
    assertThat(last.get("action").asString()).isEqualTo("CHANGE_ACCEPTED");
    assertThat(last.get("principal").asString()).isEqualTo("alice");
    assertThat(last.get("checksum").asString()).isEqualTo(current);
    assertThat(history).hasSize(2);
    assertThat(mongo.count(new Query(), "courses")).isEqualTo(3);
  }

  @Test
  void acceptingAChangeOfAMigrationNotAppliedIsAConflictAndTheHintListsTheAction() {
    http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":2}");

    Http.Response refused =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"acceptChange\"}");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("message").asString())
        .contains("Cannot accept a change of migration 'rename_title'");
    Http.Response unknown =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"sideways\"}");
    assertThat(unknown.body().get("message").asString()).contains("'acceptChange'");
  }
}
