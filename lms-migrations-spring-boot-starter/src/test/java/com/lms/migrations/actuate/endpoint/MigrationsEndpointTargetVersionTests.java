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

/** {@code lms.migrations.target-version} bounds upAll over HTTP as it bounds startup. */
@SpringBootTest(
    classes = EndpointTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=migrations",
      "management.endpoint.migrations.access=unrestricted",
      "management.health.mongodb.enabled=false",
      "lms.migrations.target-version=2"
    })
class MigrationsEndpointTargetVersionTests {

  @DynamicPropertySource
  static void freshDatabase(DynamicPropertyRegistry registry) {
    String uri = TestMongo.uri(TestMongo.newDatabaseName("endpoint_target"));
    registry.add("spring.mongodb.uri", () -> uri);
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;

  @AfterEach
  void dropDatabase() {
    mongo.getDb().drop();
  }

  @Test
  void upAllAndThePlanStopAtTheTargetVersion() {
    Http http = new Http(port, "alice", "secret");

    JsonNode report = http.get("/actuator/migrations").body();
    assertThat(report.get("currentVersion").asInt()).isEqualTo(2);
    assertThat(report.get("plan")).isEmpty();
    assertThat(http.post("/actuator/migrations", "{\"action\":\"upAll\"}").body()).isEmpty();

    Http.Response explicit = http.post("/actuator/migrations/rename_title", "{\"action\":\"up\"}");
    assertThat(explicit.body().get("status").asString()).isEqualTo("completed");
  }
}
