package com.lms.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged sample app, AOT-processed by the build, started in its own JVM with {@code
 * -Dspring.aot.enabled=true}: it runs on the generated bean definitions, applies its nine
 * migrations to the embedded MongoDB and answers {@code /actuator/migrations}. Run by Failsafe
 * after {@code package}.
 */
class SampleAppAotIT {

  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final JsonMapper json = JsonMapper.builder().build();

  @TempDir Path workDir;

  private Path log;
  private Process app;

  @BeforeEach
  void logFile() throws IOException {
    log = Files.createTempFile(workDir, "sample-aot", ".log");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (app != null) {
      app.destroy();
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void theAotProcessedAppAppliesItsMigrationsAndAnswersTheEndpoint() throws Exception {
    app = start("--server.port=0", "--lms.sample.data-dir=" + workDir.resolve("data"));

    int port = Integer.parseInt(awaitLog(PORT).group(1));
    JsonNode report = awaitMigrated(port);

    assertThat(report.get("currentVersion").asInt()).isEqualTo(9);
    assertThat(report.get("migrations")).hasSize(9);
    assertThat(report.get("migrations").get(8).get("status").asString()).isEqualTo("completed");
    assertThat(output())
        .contains("Starting AOT-processed SampleApplication")
        .contains("Applied 9 migrations in");
    HttpResponse<String> health = get(port, "/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json.readTree(health.body()).at("/components/migrations/status").asString())
        .isEqualTo("UP");
  }

  @Test
  void refusesAMongoDbUriItWouldIgnoreSayingWhy() throws Exception {
    app =
        start(
            "--server.port=0",
            "--lms.sample.data-dir=" + workDir.resolve("data"),
            "--spring.mongodb.uri=mongodb://127.0.0.1:1/lms");

    assertThat(app.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
    assertThat(app.exitValue()).isNotZero();
    assertThat(output())
        .contains(
            "This sample app was AOT-processed without spring.mongodb.uri, so with"
                + " -Dspring.aot.enabled=true it always uses its embedded MongoDB;"
                + " spring.mongodb.uri (or host) is set and would be ignored. Start it without"
                + " -Dspring.aot.enabled=true to use that server.");
  }

  private Process start(String... arguments) throws IOException {
    String jar = System.getProperty("sample.jar");
    assertThat(jar).as("system property sample.jar (set by the build)").isNotNull();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dspring.aot.enabled=true");
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Polls the log until the pattern appears; fails if the app stops or the deadline passes. */
  private Matcher awaitLog(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = pattern.matcher(output());
      if (matcher.find()) {
        return matcher;
      }
      assertThat(app.isAlive()).as("the app stopped:%n%s", output()).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("No '" + pattern + "' within " + DEADLINE + ":\n" + output());
  }

  /** Polls the endpoint until nothing is pending; fails if the deadline passes. */
  private JsonNode awaitMigrated(int port) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = get(port, "/actuator/migrations");
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200) {
          JsonNode report = json.readTree(response.body());
          if (report.get("pending").asInt() == 0 && report.get("currentVersion").asInt() > 0) {
            return report;
          }
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      assertThat(app.isAlive()).as("the app stopped:%n%s", output()).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError(
        "Migrations not applied within " + DEADLINE + "; last answer: " + last + "\n" + output());
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
