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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request that only looks like an open path is held: what is open is decided on the path the
 * application routes, over a real server, in applications without Spring Security (whose firewall
 * would refuse these paths before anything else).
 */
@ExtendWith(MongoDatabaseExtension.class)
class HoldRequestsPathTests {

  /** Each reaches {@code /files/**} in Spring MVC and WebFlux, which route on the path as sent. */
  private static final List<String> LOOK_LIKE_HEALTH =
      List.of(
          "/files/x/../../actuator/health",
          "/files/x/..;/..;/actuator/health",
          "/files/x/%2e%2e/%2e%2e/actuator/health",
          "/files/x/%2E%2E/%2E%2E/actuator/migrations");

  private static final AtomicInteger filesServed = new AtomicInteger();
  private static volatile CountDownLatch release = new CountDownLatch(1);
  private static volatile int serverPort;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestDatabase db;
  private CompletableFuture<ConfigurableApplicationContext> app;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    release = new CountDownLatch(1);
    filesServed.set(0);
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
  void aServletApplicationHoldsAPathThatReachesAControllerThroughDotSegments() throws Exception {
    start("servlet");

    assertHeldUntilReleased();
  }

  @Test
  void aWebFluxApplicationHoldsAPathThatReachesAControllerThroughDotSegments() throws Exception {
    start("reactive");

    assertHeldUntilReleased();
  }

  private void assertHeldUntilReleased() throws IOException {
    Poll.until("the web server to start", Duration.ofSeconds(30), () -> serverPort != 0);
    Poll.until("requests to be held", Duration.ofSeconds(20), () -> answers(send("/files/a"), 503));

    for (String path : LOOK_LIKE_HEALTH) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(503);
    }
    assertThat(filesServed).as("calls of the /files/** controller").hasValue(0);
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.body()).as("health stays open").doesNotContain("Migrations are running");

    release.countDown();
    Poll.until(
        "the startup run to finish", Duration.ofSeconds(20), () -> answers(send("/files/a"), 200));
    assertThat(filesServed).as("calls of the /files/** controller").hasValue(1);
  }

  private void start(String webApplicationType) {
    app =
        CompletableFuture.supplyAsync(
            () ->
                new SpringApplicationBuilder(UnsecuredApplication.class)
                    .properties(
                        "spring.main.web-application-type=" + webApplicationType,
                        "spring.mongodb.uri=" + db.uri(),
                        "server.port=0",
                        "management.endpoints.web.exposure.include=health,migrations",
                        "management.health.mongodb.enabled=false")
                    .run());
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

  private static boolean answers(HttpResponse<String> response, int status) {
    return response != null && response.statusCode() == status;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration(
      excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet"
            + ".ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.reactive"
            + ".ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet"
            + ".ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive"
            + ".ReactiveManagementWebSecurityAutoConfiguration"
      })
  static class UnsecuredApplication {

    /** The port is known once the server has started, before the startup migrations run. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> serverPortRecorder() {
      return event -> serverPort = event.getWebServer().getPort();
    }

    @Bean
    Migration slowMigration() {
      return new Migration() {
        @Override
        public String name() {
          return "slow_migration";
        }

        @Override
        public int version() {
          return 1;
        }

        @Override
        public void up(MigrationContext context) throws Exception {
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the migration");
          }
        }

        @Override
        public void down(MigrationContext context) {}
      };
    }

    @Bean
    FilesController filesController() {
      return new FilesController();
    }
  }

  @RestController
  static class FilesController {

    @GetMapping("/files/**")
    String file() {
      filesServed.incrementAndGet();
      return "a file";
    }
  }
}
