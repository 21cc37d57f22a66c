package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMongo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** What comes from a request cannot forge a log line or a history entry. */
@SpringBootTest(
    classes = EndpointTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,migrations",
      "management.endpoint.migrations.access=unrestricted",
      "management.health.mongodb.enabled=false"
    })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class MigrationsEndpointControlCharacterTests {

  private static final String FORGED_LINE =
      "INFO  [main] c.l.m.MigrationRunLoop - Rolled back migration 'archive_flags' by admin";

  @DynamicPropertySource
  static void freshDatabase(DynamicPropertyRegistry registry) {
    String uri = TestMongo.uri(TestMongo.newDatabaseName("endpoint_control"));
    registry.add("spring.mongodb.uri", () -> uri);
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  @Autowired MigrationsEndpoint endpoint;

  @AfterEach
  void dropDatabase() {
    mongo.getDb().drop();
  }

  @Test
  void aPrincipalWithALineBreakIsLoggedAndRecordedOnOneLine(CapturedOutput output) {
    Http http = new Http(port, EndpointTestApplication.FORGING_USER, "secret");

    Http.Response rollback =
        http.post("/actuator/migrations/archive_flags", "{\"action\":\"rollback\"}");

    assertThat(rollback.status()).isEqualTo(200);
    assertThat(output.getAll())
        .contains("Actuator request by 'mallory\\r\\n" + FORGED_LINE + "'")
        .doesNotContain("\n" + FORGED_LINE)
        .doesNotContain("\r" + FORGED_LINE);
    JsonNode history = http.get("/actuator/migrations/archive_flags").body().get("history");
    assertThat(history.get(history.size() - 1).get("principal").asString())
        .isEqualTo("mallory\\r\\n" + FORGED_LINE);
  }

  @Test
  void aMigrationNameWithAControlCharacterIsRefusedWith400(CapturedOutput output) {
    // Over HTTP, Spring Security's firewall refuses a line break in the path before the endpoint.
    WebEndpointResponse<Object> write =
        endpoint.act("archive_flags\n" + FORGED_LINE, "rollback", null, null, null);
    WebEndpointResponse<Object> read = endpoint.migration("archive\u0085flags", null, null);

    assertThat(write.getStatus()).isEqualTo(400);
    assertThat(message(write))
        .isEqualTo(
            "Migration name 'archive_flags\\n"
                + FORGED_LINE
                + "' contains a control character; a migration's name is one line of a-z, 0-9"
                + " and _ (GET /actuator/migrations lists them)");
    assertThat(read.getStatus()).isEqualTo(400);
    assertThat(message(read)).startsWith("Migration name 'archive\\u0085flags' contains a control");
    assertThat(output.getAll()).doesNotContain("\n" + FORGED_LINE);
  }

  private static String message(WebEndpointResponse<Object> response) {
    return (String) ((Map<?, ?>) response.getBody()).get("message");
  }
}
