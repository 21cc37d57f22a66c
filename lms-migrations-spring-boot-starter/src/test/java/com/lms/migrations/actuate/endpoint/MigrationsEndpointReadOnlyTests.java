package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Without {@code management.endpoint.migrations.access=unrestricted}, writes are refused. */
@SpringBootTest(
    classes = EndpointTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,migrations",
      "management.health.mongodb.enabled=false"
    })
class MigrationsEndpointReadOnlyTests {

  @DynamicPropertySource
  static void freshDatabase(DynamicPropertyRegistry registry) {
    String uri = TestMongo.uri(TestMongo.newDatabaseName("endpoint_read_only"));
    registry.add("spring.mongodb.uri", () -> uri);
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;

  @AfterEach
  void dropDatabase() {
    mongo.getDb().drop();
  }

  @Test
  void readsWorkButWritesAreRefusedByDefault() {
    Http http = new Http(port, "alice", "secret");

    assertThat(http.get("/actuator/migrations").status()).isEqualTo(200);
    assertThat(http.get("/actuator/migrations/rename_title").status()).isEqualTo(200);
    int status =
        http.post("/actuator/migrations/rename_title", "{\"action\":\"rollback\"}").status();

    assertThat(status).isEqualTo(405);
    assertThat(http.get("/actuator/migrations/rename_title").body().get("status").asString())
        .isEqualTo("completed");
  }

  @Test
  void theReportSaysWritesAreOffAndWhichPropertyAllowsThem() {
    JsonNode writes =
        new Http(port, "alice", "secret").get("/actuator/migrations").body().get("writes");

    assertThat(writes.get("allowed").asBoolean()).isFalse();
    assertThat(writes.get("hint").asString())
        .isEqualTo(
            "Writes are off: POST answers 405 Method Not Allowed. Secure the actuator, then set"
                + " management.endpoint.migrations.access=unrestricted (within"
                + " management.endpoints.access.max-permitted, if set)");
  }
}
