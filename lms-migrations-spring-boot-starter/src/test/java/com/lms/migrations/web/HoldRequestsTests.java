package com.lms.migrations.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Requests during the startup run get 503, not the old schema; health stays answerable. */
@ExtendWith(MongoDatabaseExtension.class)
class HoldRequestsTests {

  private static volatile CountDownLatch release = new CountDownLatch(1);
  private static volatile CountDownLatch migrating = new CountDownLatch(1);
  private static volatile boolean failTheMigration;
  private static volatile int serverPort;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestDatabase db;
  private CompletableFuture<ConfigurableApplicationContext> app;

  @BeforeEach
  void setUp(TestDatabase db) throws IOException {
    this.db = db;
    release = new CountDownLatch(1);
    migrating = new CountDownLatch(1);
    failTheMigration = false;
    db.template().insert(new Document("_id", "c1").append("title", "old"), "courses");
    serverPort = 0;
  }

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    if (app != null) {
      app.get(30, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void requestsGet503WithRetryAfterWhileTheStartupMigrationsRun() throws Exception {
    start();
    awaitServer("/courses/c1");
    Poll.until(
        "the startup run to start its migration",
        Duration.ofSeconds(20),
        () -> answers(send("/courses/c1"), "now: rename_titles"));
    HttpResponse<String> held = get("/courses/c1");

    assertThat(held.statusCode()).isEqualTo(503);
    assertThat(held.headers().firstValue("Retry-After")).contains("5");
    assertThat(held.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/json");
    assertThat(held.body())
        .isEqualTo(
            "{\"status\":503,\"message\":\"Migrations are running (now: rename_titles); try"
                + " again shortly\"}");
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.headers().firstValue("Retry-After")).isEmpty();
    assertThat(health.body()).contains("\"status\"").doesNotContain("Migrations are running");
    assertThat(get("/actuator/migrations").statusCode()).isEqualTo(200);

    release.countDown();
    Poll.until(
        "the startup run to finish",
        Duration.ofSeconds(20),
        () -> answers(send("/courses/c1"), 200));
    assertThat(get("/courses/c1").body()).isEqualTo("renamed");
  }

  @Test
  void holdRequestsFalseServesDuringTheRun() throws Exception {
    start("lms.migrations.startup.hold-requests=false");

    HttpResponse<String> served = awaitServer("/courses/c1");

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).as("the old schema, as asked").isEqualTo("old");
  }

  @Test
  void aFailedRunThatTheApplicationSurvivesStopsHoldingRequests() throws Exception {
    failTheMigration = true;
    start("lms.migrations.fail-on-error=false");
    assertThat(awaitServer("/courses/c1").statusCode()).isEqualTo(503);

    release.countDown();
    Poll.until(
        "the failed run to end", Duration.ofSeconds(20), () -> answers(send("/courses/c1"), 200));
    assertThat(get("/actuator/health").body()).contains("DOWN");
  }

  @Test
  void inTheRefreshPhaseTheServerStartsOnlyOnceTheMigrationsAreDone() throws Exception {
    start("lms.migrations.startup.phase=refresh");
    assertThat(migrating.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(serverPort).as("no web server while the migration runs").isZero();

    release.countDown();
    HttpResponse<String> served = awaitServer("/courses/c1");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).as("the first answer is on the new schema").isEqualTo("renamed");
  }

  private void start(String... properties) {
    app =
        CompletableFuture.supplyAsync(
            () ->
                new SpringApplicationBuilder(HoldingApplication.class)
                    .properties(
                        "spring.mongodb.uri=" + db.uri(),
                        "server.port=0",
                        "management.endpoints.web.exposure.include=health,migrations",
                        "management.endpoint.health.show-details=always",
                        "management.health.mongodb.enabled=false")
                    .properties(properties)
                    .run());
  }

  /** Waits for the web server (it starts before the startup migrations run), then asks it. */
  private HttpResponse<String> awaitServer(String path) throws IOException {
    Poll.until("the web server to start", Duration.ofSeconds(30), () -> serverPort != 0);
    return get(path);
  }

  /** For polls: a request that fails to connect counts as not answered yet. */
  private HttpResponse<String> send(String path) {
    try {
      return get(path);
    } catch (IOException e) {
      return null;
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static boolean answers(HttpResponse<String> response, String text) {
    return response != null && response.body().contains(text);
  }

  private static boolean answers(HttpResponse<String> response, int status) {
    return response != null && response.statusCode() == status;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class HoldingApplication {

    /** The port is known once the server has started, before the startup migrations run. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> serverPortRecorder() {
      return event -> serverPort = event.getWebServer().getPort();
    }

    @Bean
    Migration renameTitles() {
      return new Migration() {
        @Override
        public String name() {
          return "rename_titles";
        }

        @Override
        public int version() {
          return 1;
        }

        @Override
        public void up(MigrationContext context) throws Exception {
          migrating.countDown();
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the migration");
          }
          if (failTheMigration) {
            throw new IllegalStateException("course c1 is locked");
          }
          context
              .mongoTemplate()
              .getCollection("courses")
              .updateMany(new Document(), new Document("$set", new Document("title", "renamed")));
        }

        @Override
        public void down(MigrationContext context) {}
      };
    }

    /** Security comes after the held-request filter; open here so that served requests get 200. */
    @Bean
    SecurityFilterChain openToEveryone(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }

    @Bean
    CourseController courseController(MongoTemplate mongo) {
      return new CourseController(mongo);
    }
  }

  @RestController
  static class CourseController {

    private final MongoTemplate mongo;

    CourseController(MongoTemplate mongo) {
      this.mongo = mongo;
    }

    @GetMapping("/courses/c1")
    String title() {
      return mongo.getCollection("courses").find().first().getString("title");
    }
  }
}
