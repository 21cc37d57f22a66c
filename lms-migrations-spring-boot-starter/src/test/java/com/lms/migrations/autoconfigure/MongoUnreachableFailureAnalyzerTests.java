package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/**
 * MongoDB cannot be reached at startup: the failure report names the host, the property and the
 * timeout, and the run's summary line is not logged as if all were well.
 */
@ExtendWith(OutputCaptureExtension.class)
class MongoUnreachableFailureAnalyzerTests {

  private int closedPort;

  @BeforeEach
  void findAClosedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  @Test
  void theReportNamesTheHostThePropertyAndTheTimeout(CapturedOutput output) {
    assertThatThrownBy(
            () -> start("mongodb://127.0.0.1:" + closedPort + "/app?serverSelectionTimeoutMS=300"))
        .isNotNull();

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "MongoDB could not be reached at 127.0.0.1:"
                + closedPort
                + " (spring.mongodb.uri) within 300ms, the server selection timeout.")
        .contains("127.0.0.1:" + closedPort + " refused the connection")
        .contains("serverSelectionTimeoutMS");
  }

  @Test
  void theSummaryOfTheFailedRunIsAWarning(CapturedOutput output) {
    assertThatThrownBy(
            () -> start("mongodb://127.0.0.1:" + closedPort + "/app?serverSelectionTimeoutMS=300"))
        .isNotNull();

    assertThat(output.getOut().lines().filter(line -> line.contains("schema version unknown")))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("WARN").doesNotContain("INFO"));
  }

  private static void start(String uri) {
    new SpringApplicationBuilder(UnreachableApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.mongodb.uri=" + uri, "management.health.mongodb.enabled=false")
        .run()
        .close();
  }

  /** An application with one migration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(AddTagsMigration.class)
  static class UnreachableApplication {}
}
