package com.lms.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMongo;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sample's {@code tenants} profile: every school's database migrated, reported per school. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "management.health.mongodb.enabled=false")
@ActiveProfiles("tenants")
class SampleAppTenantsTests {

  private static final String PREFIX = TestMongo.newDatabaseName("sample_t").substring(0, 20) + "_";
  private static final String NORTH = PREFIX + "north";
  private static final String SOUTH = PREFIX + "south";

  @LocalServerPort int port;

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(PREFIX + "home"));
    // The profile's school names, made unique on a shared test server.
    registry.add("lms.migrations.tenants.databases", () -> NORTH + "," + SOUTH);
  }

  @AfterAll
  static void drop() {
    TestMongo.dropDatabasesStartingWith(PREFIX);
  }

  @Test
  void migratesEverySchoolAtStartupAndReportsEachOne() {
    JsonNode summary = get("/actuator/migrations");

    assertThat(summary.get("pending").asInt()).isZero();
    assertThat(summary.get("failedTenants")).isEmpty();
    assertThat(summary.get("tenants")).hasSize(2);
    for (JsonNode school : summary.get("tenants")) {
      assertThat(school.get("currentVersion").asInt()).as(school.toString()).isEqualTo(9);
      assertThat(school.get("pending").asInt()).isZero();
    }
    JsonNode north = get("/actuator/migrations?tenant=" + NORTH);
    assertThat(north.get("migrations")).hasSize(9);
    assertThat(TestMongo.client().getDatabase(NORTH).listCollectionNames().into(new ArrayList<>()))
        .contains("lms_migrations", "courses");
    assertThat(
            TestMongo.client()
                .getDatabase(PREFIX + "home")
                .listCollectionNames()
                .into(new ArrayList<>()))
        .as("the application's own database is not migrated")
        .doesNotContain("lms_migrations");

    JsonNode health = get("/actuator/health/migrations");
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("details").get("tenants").has(SOUTH)).isTrue();
  }

  private JsonNode get(String path) {
    String body =
        RestClient.create("http://localhost:" + port).get().uri(path).retrieve().body(String.class);
    return JsonMapper.builder().build().readTree(body);
  }
}
