package com.lms.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMongo;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Starts at version 5, applies 6-9 over HTTP, rolls back to 5 over HTTP and applies them again: the
 * rollback restores the data exactly and the second apply gives the same data as the first.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "lms.sample.demo-data=true",
      "lms.migrations.target-version=5",
      "management.endpoint.migrations.access=unrestricted",
      "management.health.mongodb.enabled=false"
    })
class SampleAppRollbackTests {

  private static final String DATABASE = TestMongo.newDatabaseName("sample_rollback");
  private static final List<String> MIGRATIONS_6_TO_9 =
      List.of(
          "rename_course_description",
          "convert_credits_to_number",
          "backfill_department_master",
          "add_default_permissions");
  private static final List<String> COLLECTIONS =
      List.of("courses", "enrollments", "departments", "permissions");

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(DATABASE));
  }

  @AfterAll
  static void drop() {
    TestMongo.client().getDatabase(DATABASE).drop();
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;

  @Test
  void rollingBackToFiveRestoresTheDataAndApplyingAgainGivesTheSameResult() {
    Map<String, List<Document>> atVersion5 = snapshot();

    // target-version=5 also bounds upAll, so apply 6-9 one by one, as an operator would.
    for (String migration : MIGRATIONS_6_TO_9) {
      post("/" + migration, "{\"action\":\"up\"}");
    }
    Map<String, List<Document>> atVersion9 = snapshot();
    assertThat(atVersion9).isNotEqualTo(atVersion5);

    post("", "{\"action\":\"rollbackTo\",\"version\":5}");
    Map<String, List<Document>> rolledBack = snapshot();
    assertThat(rolledBack.get("courses")).isEqualTo(atVersion5.get("courses"));
    assertThat(rolledBack.get("enrollments")).isEqualTo(atVersion5.get("enrollments"));
    assertThat(rolledBack.get("permissions")).isEqualTo(atVersion5.get("permissions"));
    // v8's rollback keeps the Master Department on purpose; everything else is as before.
    assertThat(rolledBack.get("departments"))
        .filteredOn(department -> !department.get("_id").equals("dep-master"))
        .isEqualTo(atVersion5.get("departments"));

    for (String migration : MIGRATIONS_6_TO_9) {
      post("/" + migration, "{\"action\":\"up\"}");
    }
    assertThat(snapshot()).isEqualTo(atVersion9);
  }

  private Map<String, List<Document>> snapshot() {
    return COLLECTIONS.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                collection -> collection,
                collection ->
                    mongo.find(new Query().with(Sort.by("_id")), Document.class, collection)));
  }

  private void post(String path, String json) {
    RestClient.create("http://localhost:" + port)
        .post()
        .uri("/actuator/migrations" + path)
        .header("Content-Type", "application/json")
        .body(json)
        .retrieve()
        .toBodilessEntity();
  }
}
