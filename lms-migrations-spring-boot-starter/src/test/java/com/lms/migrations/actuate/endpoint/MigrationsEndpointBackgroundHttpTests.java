package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.background.BackgroundWorker;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestMongo;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Background migrations on /actuator/migrations over real HTTP: their progress in the reads, and
 * pause, resume and throttle. Nothing runs at startup and the application runs no worker of its
 * own: each test starts the worker it needs.
 */
@SpringBootTest(
    classes = BackgroundEndpointTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,migrations",
      "management.endpoint.migrations.access=unrestricted",
      "management.health.mongodb.enabled=false",
      "lms.migrations.run-on-startup=false",
      "lms.migrations.background.enabled=false"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class MigrationsEndpointBackgroundHttpTests {

  private static final String BACKFILL = "/actuator/migrations/backfill_level";

  @DynamicPropertySource
  static void freshDatabase(DynamicPropertyRegistry registry) {
    String uri = TestMongo.uri(TestMongo.newDatabaseName("endpoint_background"));
    registry.add("spring.mongodb.uri", () -> uri);
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  @Autowired MigrationRunner runner;

  private Http http;
  private final Backfill.Hold hold = new Backfill.Hold();
  private BackgroundWorker worker;

  @BeforeEach
  void setUp() {
    http = new Http(port, "alice", "secret");
    BackgroundEndpointTestApplication.check = item -> {};
    Backfill.insertItems(mongo.getDb());
  }

  @AfterEach
  void tearDown() {
    hold.release();
    if (worker != null) {
      worker.close();
    }
    mongo.getDb().drop();
  }

  @Test
  void listsTheProgressOfABackgroundMigrationThatAWorkerRuns() throws Exception {
    startWorkerAndHold();

    JsonNode body = http.get("/actuator/migrations").body();

    JsonNode regular = body.get("migrations").get(0);
    assertThat(regular.get("name").asString()).isEqualTo("add_index");
    assertThat(regular.has("background")).isTrue();
    assertThat(regular.get("background").isNull()).isTrue();
    JsonNode backfill = body.get("migrations").get(1);
    assertThat(backfill.get("name").asString()).isEqualTo("backfill_level");
    assertThat(backfill.get("status").asString()).isEqualTo("running");
    JsonNode background = backfill.get("background");
    assertThat(background.propertyNames())
        .containsExactly(
            "state",
            "processed",
            "total",
            "percent",
            "documentsPerSecond",
            "etaSeconds",
            "maxPerSecond",
            "job",
            "host",
            "updatedAt");
    assertThat(background.get("state").asString()).isEqualTo("running");
    assertThat(background.get("processed").asLong()).isEqualTo(Backfill.Hold.PROCESSED_WHEN_HELD);
    assertThat(background.get("total").asLong()).isEqualTo(Backfill.ITEMS);
    assertThat(background.get("percent").asDouble()).isEqualTo(20.0);
    assertThat(background.get("documentsPerSecond").asDouble()).isPositive();
    assertThat(background.get("etaSeconds").isIntegralNumber()).isTrue();
    assertThat(background.get("maxPerSecond").asLong()).isZero();
    assertThat(background.get("job").asString()).isEqualTo("backfill_level/items");
    assertThat(background.get("host").asString()).isNotBlank();
    assertThat(Instant.parse(background.get("updatedAt").asString())).isBefore(Instant.now());
    assertThat(body.get("pending").asInt()).isEqualTo(2);
  }

  @Test
  void showsAQueuedBackgroundMigrationWithWhatIsNotKnownYetAsNull() {
    JsonNode body = http.get(BACKFILL).body();

    assertThat(body.get("status").asString()).isEqualTo("pending");
    JsonNode background = body.get("background");
    assertThat(background.get("state").asString()).isEqualTo("queued");
    assertThat(background.get("processed").asLong()).isZero();
    assertThat(background.get("documentsPerSecond").asDouble()).isZero();
    assertThat(background.get("maxPerSecond").asLong()).isZero();
    for (String unknown : new String[] {"total", "percent", "etaSeconds", "job", "host"}) {
      assertThat(background.get(unknown).isNull()).as(unknown).isTrue();
    }
    assertThat(background.get("updatedAt").isNull()).isTrue();
    assertThat(body.get("logs")).isEmpty();
    assertThat(http.get("/actuator/migrations/add_index").body().get("background").isNull())
        .isTrue();
  }

  @Test
  void pauseStopsARunningMigrationAfterItsBatchAndResumeLetsTheWorkerFinishIt() throws Exception {
    startWorkerAndHold();

    Http.Response paused = http.post(BACKFILL, "{\"action\":\"pause\"}");

    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.body().get("name").asString()).isEqualTo("backfill_level");
    assertThat(paused.body().get("background").get("state").asString())
        .as("it stops only after its current batch")
        .isEqualTo("running");
    hold.release();
    JsonNode stopped = awaitState("paused");
    assertThat(stopped.get("status").asString()).isEqualTo("pending");
    assertThat(stopped.get("background").get("processed").asLong()).isEqualTo(1500);

    Http.Response resumed = http.post(BACKFILL, "{\"action\":\"resume\"}");

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.body().get("background").get("state").asString()).isEqualTo("queued");
    JsonNode completed = awaitState("completed");
    assertThat(completed.get("status").asString()).isEqualTo("completed");
    assertThat(completed.get("background").get("processed").asLong()).isEqualTo(Backfill.ITEMS);
    assertThat(completed.get("background").get("percent").asDouble()).isEqualTo(100.0);
    assertThat(mongo.count(Query.query(Criteria.where("times").is(1)), "items"))
        .isEqualTo(Backfill.ITEMS);
  }

  @Test
  void throttleSetsTheLimitAndZeroGoesBackToTheMigrationsOwn() {
    Http.Response throttled = http.post(BACKFILL, "{\"action\":\"throttle\",\"maxPerSecond\":250}");

    assertThat(throttled.status()).isEqualTo(200);
    assertThat(throttled.body().get("background").get("maxPerSecond").asLong()).isEqualTo(250);
    assertThat(runner.background().progress("backfill_level").maxPerSecond()).isEqualTo(250);
    assertThat(
            http.get("/actuator/migrations")
                .body()
                .get("migrations")
                .get(1)
                .get("background")
                .get("maxPerSecond")
                .asLong())
        .isEqualTo(250);

    Http.Response unthrottled = http.post(BACKFILL, "{\"action\":\"throttle\",\"maxPerSecond\":0}");

    assertThat(unthrottled.status()).isEqualTo(200);
    assertThat(unthrottled.body().get("background").get("maxPerSecond").asLong()).isZero();
  }

  @Test
  void rollbackInBackgroundQueuesTheDownForAWorkerAndIsAConflictWhenNothingIsApplied() {
    Http.Response notApplied = http.post(BACKFILL, "{\"action\":\"rollbackInBackground\"}");
    assertThat(notApplied.status()).isEqualTo(409);
    assertThat(notApplied.body().get("message").asString())
        .startsWith("Cannot roll back migration 'backfill_level': it is PENDING");

    runner.up("add_index");
    runner.background().runNext(() -> false);
    Http.Response queued = http.post(BACKFILL, "{\"action\":\"rollbackInBackground\"}");

    assertThat(queued.status()).isEqualTo(200);
    assertThat(queued.body().get("status").asString()).isEqualTo("completed");
    assertThat(runner.background().runNext(() -> false).orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(http.get(BACKFILL).body().get("background").get("state").asString())
        .isEqualTo("paused");
    assertThat(mongo.getDb().getCollection("items").countDocuments(new Document("times", 1)))
        .isZero();
  }

  @Test
  void badBackgroundRequestsAreAnswered4xxWithAMessage() {
    Http.Response noRate = http.post(BACKFILL, "{\"action\":\"throttle\"}");
    assertThat(noRate.status()).isEqualTo(400);
    assertThat(noRate.body().get("message").asString())
        .isEqualTo(
            "Action 'throttle' needs a \"maxPerSecond\": the most documents per second, or 0 to go"
                + " back to the migration's own limit");

    Http.Response negative = http.post(BACKFILL, "{\"action\":\"throttle\",\"maxPerSecond\":-5}");
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.body().get("message").asString())
        .isEqualTo("max documents per second must not be negative but was -5");

    assertThat(http.post(BACKFILL, "{\"action\":\"throttle\",\"maxPerSecond\":\"abc\"}").status())
        .isEqualTo(400);

    Http.Response regular = http.post("/actuator/migrations/add_index", "{\"action\":\"pause\"}");
    assertThat(regular.status()).isEqualTo(400);
    assertThat(regular.body().get("message").asString())
        .isEqualTo(
            "Migration 'add_index' is not a background migration; only a BackgroundMigration can"
                + " be paused, resumed or throttled");

    Http.Response unknown = http.post("/actuator/migrations/nope", "{\"action\":\"resume\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("message").asString())
        .isEqualTo("No migration named 'nope' is registered; GET /actuator/migrations lists them");

    Http.Response unknownAction = http.post(BACKFILL, "{\"action\":\"stop\"}");
    assertThat(unknownAction.status()).isEqualTo(400);
    assertThat(unknownAction.body().get("message").asString())
        .isEqualTo(
            "Unknown action 'stop' for migration 'backfill_level'; use 'up', 'rollback',"
                + " 'markApplied', 'markPending', 'acceptChange', or for a background migration"
                + " 'pause', 'resume',"
                + " 'throttle' (with a maxPerSecond) or 'rollbackInBackground'");

    JsonNode unchanged = http.get(BACKFILL).body().get("background");
    assertThat(unchanged.get("state").asString()).isEqualTo("queued");
    assertThat(unchanged.get("maxPerSecond").asLong()).isZero();
  }

  @Test
  void applyingOrRollingBackByHandWhileAWorkerRunsItIsAConflict() throws Exception {
    startWorkerAndHold();

    Http.Response up = http.post(BACKFILL, "{\"action\":\"up\"}");
    Http.Response rollback = http.post(BACKFILL, "{\"action\":\"rollback\"}");

    for (Http.Response refused : new Http.Response[] {up, rollback}) {
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().get("message").asString())
          .startsWith("Background migration 'backfill_level' is being run by owner ")
          .endsWith(
              "; pause it (POST /actuator/migrations/backfill_level {\"action\":\"pause\"}) and"
                  + " try again once it has stopped between two batches");
    }
    assertThat(http.get(BACKFILL).body().get("background").get("state").asString())
        .isEqualTo("running");
    hold.release();
    awaitState("completed");
    assertThat(mongo.count(Query.query(Criteria.where("times").is(1)), "items"))
        .as("transformed once, by the worker only")
        .isEqualTo(Backfill.ITEMS);
  }

  @Test
  void aRunThatRequiresAnUnfinishedBackgroundMigrationIsAConflict() {
    String unmet =
        "Migration 'require_level' (version 3) requires background migration 'backfill_level',"
            + " which has not completed (backfill_level: queued).";
    String advice =
        " Let it finish (its progress: MigrationRunner.background().progress()) and run again, or"
            + " set MigrationSettings.requiredWaitTime to wait for it.";

    Http.Response upAll = http.post("/actuator/migrations", "{\"action\":\"upAll\"}");
    Http.Response up = http.post("/actuator/migrations/require_level", "{\"action\":\"up\"}");

    // The run applies add_index, below the background migration, which waits for it.
    assertThat(upAll.status()).isEqualTo(409);
    assertThat(upAll.body().get("message").asString())
        .isEqualTo(
            unmet
                + " The migrations below it were applied; it and those after it were not run."
                + advice);
    assertThat(up.status()).isEqualTo(409);
    assertThat(up.body().get("message").asString()).isEqualTo(unmet + " Nothing was run." + advice);
    assertThat(http.get("/actuator/migrations").body().get("pending").asInt()).isEqualTo(2);

    runner.background().runNext(() -> false);
    Http.Response after = http.post("/actuator/migrations", "{\"action\":\"upAll\"}");
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body()).hasSize(1);
  }

  private void startWorkerAndHold() throws InterruptedException {
    runner.up("add_index"); // the worker never runs a background migration above a pending one
    BackgroundEndpointTestApplication.check = hold;
    worker = runner.background().start(Duration.ofMillis(50));
    hold.awaitHeld(mongo.getDb());
  }

  private JsonNode awaitState(String state) {
    JsonNode[] last = new JsonNode[1];
    Poll.until(
        "backfill_level to be " + state,
        Duration.ofSeconds(30),
        () -> {
          last[0] = http.get(BACKFILL).body();
          return state.equals(last[0].get("background").get("state").asString());
        });
    return last[0];
  }
}
