package com.lms.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.sample.demo.DemoDataLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample app started for real with its demo data: every migration's effect, the actuator and
 * the REST API. Subclasses choose the MongoDB server.
 */
abstract class AbstractSampleAppEndToEndTests {

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;

  @Test
  void appliesAllNineMigrationsAtStartup() {
    JsonNode report = get("/actuator/migrations");

    assertThat(report.get("currentVersion").asInt()).isEqualTo(9);
    assertThat(report.get("pending").asInt()).isZero();
    assertThat(report.get("migrations")).hasSize(9);
    for (JsonNode migration : report.get("migrations")) {
      assertThat(migration.get("status").asString())
          .as(migration.toString())
          .isEqualTo("completed");
      assertThat(Instant.parse(migration.get("executedAt").asString())).isBefore(Instant.now());
      assertThat(migration.get("executionTime").asLong()).isNotNegative();
    }
  }

  @Test
  void v1IndexesCoursesByDepartmentAndStatus() {
    assertThat(indexNames("courses")).contains("idx_course_department_status");
  }

  @Test
  void v2NormalizesEveryEnrollmentStatus() {
    Map<String, Long> byStatus =
        mongo.findAll(Document.class, "enrollments").stream()
            .collect(Collectors.groupingBy(e -> e.getString("status"), Collectors.counting()));
    assertThat(byStatus).containsOnlyKeys("active", "completed", "dropped");
    assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(DemoDataLoader.COURSES * DemoDataLoader.ENROLLMENTS_PER_COURSE);
    assertThat(logMessages("normalize_enrollment_status"))
        .anySatisfy(
            message ->
                assertThat(message)
                    .isEqualTo(
                        "Changed "
                            + byStatus.get("active")
                            + " enrollments to active and "
                            + byStatus.get("completed")
                            + " to completed"));
  }

  @Test
  void v3GivesEveryCourseTagsAndKeepsExistingOnes() {
    List<Document> courses = mongo.findAll(Document.class, "courses");
    assertThat(courses)
        .allSatisfy(course -> assertThat(course.get("tags")).isInstanceOf(List.class));
    assertThat(course("course-001").getList("tags", String.class))
        .containsExactly("intro", "popular");
  }

  @Test
  void v4StoresEnrollmentStatsMatchingTheEnrollments() {
    for (Document course : mongo.findAll(Document.class, "courses")) {
      String id = course.getString("_id");
      Document stats = course.get("enrollmentStats", Document.class);
      assertThat(stats.getInteger("totalEnrollments"))
          .isEqualTo((int) mongo.count(query(where("courseId").is(id)), "enrollments"));
      assertThat(stats.getInteger("activeEnrollments"))
          .isEqualTo(
              (int)
                  mongo.count(
                      query(where("courseId").is(id).and("status").is("active")), "enrollments"));
      assertThat(stats.getInteger("completedEnrollments"))
          .isEqualTo(
              (int)
                  mongo.count(
                      query(where("courseId").is(id).and("status").is("completed")),
                      "enrollments"));
    }
  }

  @Test
  void v5AddsAUniqueEnrollmentIndexAndAStatusDateIndex() {
    List<IndexInfo> indexes = mongo.indexOps("enrollments").getIndexInfo();
    assertThat(indexes)
        .filteredOn(index -> index.getName().equals("idx_enrollment_unique"))
        .singleElement()
        .satisfies(index -> assertThat(index.isUnique()).isTrue());
    assertThat(indexNames("enrollments")).contains("idx_enrollment_status_date");
  }

  @Test
  void v6RenamesDescription() {
    assertThat(mongo.findAll(Document.class, "courses"))
        .allSatisfy(
            course ->
                assertThat(course)
                    .containsKey("courseDescription")
                    .doesNotContainKey("description"));
  }

  @Test
  void v7ConvertsCreditsAndReportsTheBadValueInsteadOfLosingIt() {
    for (Document course : mongo.findAll(Document.class, "courses")) {
      if (course.getString("_id").equals(DemoDataLoader.BAD_CREDITS_COURSE)) {
        assertThat(course.get("credits")).isEqualTo("three");
      } else {
        assertThat(course.get("credits")).as(course.toJson()).isInstanceOf(Number.class);
      }
    }
    assertThat(logMessages("convert_credits_to_number"))
        .contains(
            "Course "
                + DemoDataLoader.BAD_CREDITS_COURSE
                + " has credits 'three', which is not a number; left unchanged");
  }

  @Test
  void v8EnsuresTheMasterDepartment() {
    assertThat(mongo.findById("dep-master", Document.class, "departments"))
        .isNotNull()
        .satisfies(department -> assertThat(department.get("name")).isEqualTo("Master Department"));
  }

  @Test
  void v9AddsAtLeastSixPermissionsAndLeavesExistingOnesAlone() {
    assertThat(mongo.count(new Query(), "permissions")).isGreaterThanOrEqualTo(6);
    assertThat(mongo.findById("course:read", Document.class, "permissions").getString("createdBy"))
        .isEqualTo("admin");
  }

  @Test
  void theApiServesMigratedCourses() {
    JsonNode courses = get("/api/courses");
    assertThat(courses).hasSize(DemoDataLoader.COURSES);
    assertThat(get("/api/courses/course-002").get("courseDescription").asString()).isNotBlank();
    assertThat(status("/api/courses/course-999")).isEqualTo(404);
    JsonNode enrollments = get("/api/enrollments?courseId=course-002");
    assertThat(enrollments).hasSize(DemoDataLoader.ENROLLMENTS_PER_COURSE);
    assertThat(enrollments.get(0).get("status").asString()).isIn("active", "completed", "dropped");
  }

  @Test
  void healthIncludesMigrations() {
    JsonNode health = get("/actuator/health");
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(
            health.get("components").get("migrations").get("details").get("currentVersion").asInt())
        .isEqualTo(9);
  }

  Document course(String id) {
    return mongo.findById(id, Document.class, "courses");
  }

  List<String> indexNames(String collection) {
    return mongo.indexOps(collection).getIndexInfo().stream().map(IndexInfo::getName).toList();
  }

  List<String> logMessages(String migration) {
    List<String> messages = new java.util.ArrayList<>();
    get("/actuator/migrations/" + migration)
        .get("logs")
        .forEach(log -> messages.add(log.get("message").asString()));
    return messages;
  }

  JsonNode get(String path) {
    String body = client().get().uri(path).retrieve().body(String.class);
    return JsonMapper.builder().build().readTree(body);
  }

  int status(String path) {
    return client()
        .get()
        .uri(path)
        .exchange((request, response) -> response.getStatusCode().value());
  }

  JsonNode post(String path, String json) {
    String body =
        client()
            .post()
            .uri(path)
            .header("Content-Type", "application/json")
            .body(json)
            .retrieve()
            .body(String.class);
    return JsonMapper.builder().build().readTree(body);
  }

  private RestClient client() {
    return RestClient.create("http://localhost:" + port);
  }
}
