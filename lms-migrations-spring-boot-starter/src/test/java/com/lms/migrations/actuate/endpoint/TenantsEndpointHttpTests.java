package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationState;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** /actuator/migrations over real HTTP with two tenant databases. */
@SpringBootTest(
    classes = EndpointTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,migrations",
      "management.endpoint.migrations.access=unrestricted",
      "management.endpoint.health.show-details=always",
      "management.health.mongodb.enabled=false"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class TenantsEndpointHttpTests {

  private static final String PREFIX = TestMongo.newDatabaseName("ep").substring(0, 20) + "_";
  private static final String SCHOOL_A = PREFIX + "a";
  private static final String SCHOOL_B = PREFIX + "b";

  @DynamicPropertySource
  static void tenants(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(PREFIX + "home"));
    registry.add("lms.migrations.tenants.databases", () -> SCHOOL_A + "," + SCHOOL_B);
  }

  @LocalServerPort int port;
  @Autowired TenantMigrations tenants;
  @Autowired ApplicationContext context;

  private Http http;

  @BeforeEach
  void client() {
    http = new Http(port, "alice", "secret");
  }

  @AfterEach
  void dropDatabases() {
    TestMongo.dropDatabasesStartingWith(PREFIX);
  }

  @Test
  void summarisesEveryTenantAndReportsOneTenantInFull() {
    tenants.runner(SCHOOL_B).down("archive_flags");

    Http.Response summary = http.get("/actuator/migrations");

    assertThat(summary.status()).isEqualTo(200);
    assertThat(summary.body().get("pending").asInt()).isEqualTo(1);
    JsonNode schools = summary.body().get("tenants");
    assertThat(schools).hasSize(2);
    assertThat(schools.get(0).get("tenant").asString()).isEqualTo(SCHOOL_A);
    assertThat(schools.get(0).get("currentVersion").asInt()).isEqualTo(4);
    assertThat(schools.get(0).get("completeVersion").asInt()).isEqualTo(4);
    assertThat(schools.get(0).get("pending").asInt()).isZero();
    assertThat(schools.get(0).has("notCheckedYet")).isFalse();
    assertThat(schools.get(0).has("error")).isFalse();
    assertThat(schools.get(0).has("gaps")).isFalse();
    assertThat(Instant.parse(schools.get(0).get("checkedAt").asString())).isBefore(Instant.now());
    assertThat(schools.get(1).get("tenant").asString()).isEqualTo(SCHOOL_B);
    assertThat(schools.get(1).get("pending").asInt()).isEqualTo(1);
    assertThat(schools.get(1).get("completeVersion").asInt()).isEqualTo(3);
    // Health and the summary read the tenants through one set of snapshots.
    assertThat(context.getBeansOfType(TenantInfoSnapshots.class)).hasSize(1);
    assertThat(summary.body().get("writes").get("allowed").asBoolean()).isTrue();

    Http.Response one = http.get("/actuator/migrations?tenant=" + SCHOOL_B);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body().get("pending").asInt()).isEqualTo(1);
    assertThat(one.body().get("migrations")).hasSize(4);
    assertThat(one.body().get("writes").get("allowed").asBoolean()).isTrue();

    Http.Response details = http.get("/actuator/migrations/archive_flags?tenant=" + SCHOOL_B);
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.body().get("status").asString()).isEqualTo("pending");
  }

  @Test
  void oneTenantsChangedMigrationIsShownAndAcceptedForThatTenantOnly() {
    // An edit of archive_flags as applied in school B: its recorded fingerprint and class files
    // are another build's.
    TestMongo.client()
        .getDatabase(SCHOOL_B)
        .getCollection("lms_migrations")
        .updateOne(
            new org.bson.Document("_id", "archive_flags"),
            new org.bson.Document(
                    "$set", new org.bson.Document("checksum", "sha256:" + "0".repeat(64)))
                .append("$unset", new org.bson.Document("classBytes", "")));

    JsonNode changed =
        http.get("/actuator/migrations/archive_flags?tenant=" + SCHOOL_B).body().get("changed");
    assertThat(changed.get("recorded").asString()).isEqualTo("sha256:" + "0".repeat(64));
    assertThat(
            http.get("/actuator/migrations/archive_flags?tenant=" + SCHOOL_A).body().has("changed"))
        .isFalse();

    Http.Response accepted =
        http.post(
            "/actuator/migrations/archive_flags",
            "{\"action\":\"acceptChange\",\"tenant\":\"" + SCHOOL_B + "\"}");

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(
            http.get("/actuator/migrations/archive_flags?tenant=" + SCHOOL_B).body().has("changed"))
        .isFalse();
    assertThat(tenants.runner(SCHOOL_B).getHistory("archive_flags"))
        .extracting(com.lms.migrations.MigrationHistoryEntry::action)
        .endsWith("CHANGE_ACCEPTED");
    assertThat(tenants.runner(SCHOOL_A).getHistory("archive_flags"))
        .extracting(com.lms.migrations.MigrationHistoryEntry::action)
        .doesNotContain("CHANGE_ACCEPTED");
  }

  @Test
  void aTenantWithALineBreakIsRefusedWith400() {
    Http.Response up =
        http.post(
            "/actuator/migrations",
            "{\"action\":\"upAll\",\"tenant\":\"" + SCHOOL_A + "\\r\\nINFO forged\"}");

    assertThat(up.status()).isEqualTo(400);
    assertThat(up.body().get("message").asString())
        .isEqualTo(
            "Tenant '"
                + SCHOOL_A
                + "\\r\\nINFO forged' contains a control character; the tenants are "
                + SCHOOL_A
                + ", "
                + SCHOOL_B);
  }

  @Test
  void aWriteOnOneTenantChangesOnlyThatTenant() {
    Http.Response rollback =
        http.post(
            "/actuator/migrations/archive_flags",
            "{\"action\":\"rollback\",\"tenant\":\"" + SCHOOL_A + "\"}");

    assertThat(rollback.status()).isEqualTo(200);
    assertThat(rollback.body().get("status").asString()).isEqualTo("pending");
    assertThat(tenants.runner(SCHOOL_A).getStatus("archive_flags").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(tenants.runner(SCHOOL_B).getStatus("archive_flags").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void upAllWithoutATenantActsOnEveryTenantAndARollbackNeedsATenant() {
    Http.Response everywhere =
        http.post("/actuator/migrations", "{\"action\":\"rollbackTo\",\"version\":2}");

    assertThat(everywhere.status()).isEqualTo(400);
    assertThat(everywhere.body().get("message").asString())
        .isEqualTo(
            "Action 'rollbackTo' needs a \"tenant\": it runs on one tenant at a time; the tenants"
                + " are "
                + SCHOOL_A
                + ", "
                + SCHOOL_B);
    assertThat(tenants.runner(SCHOOL_A).info().currentVersion()).isEqualTo(4);
    assertThat(tenants.runner(SCHOOL_B).info().currentVersion()).isEqualTo(4);

    for (String school : List.of(SCHOOL_A, SCHOOL_B)) {
      Http.Response rollback =
          http.post(
              "/actuator/migrations",
              "{\"action\":\"rollbackTo\",\"version\":2,\"tenant\":\"" + school + "\"}");
      assertThat(rollback.status()).isEqualTo(200);
      assertThat(rollback.body()).hasSize(2);
    }
    assertThat(tenants.runner(SCHOOL_A).info().currentVersion()).isEqualTo(2);

    Http.Response up = http.post("/actuator/migrations", "{\"action\":\"upAll\"}");
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.body().get("tenants").get(SCHOOL_A)).hasSize(2);
    assertThat(up.body().get("tenants").get(SCHOOL_B)).hasSize(2);
    assertThat(tenants.runner(SCHOOL_A).info().currentVersion()).isEqualTo(4);
    assertThat(tenants.runner(SCHOOL_B).info().currentVersion()).isEqualTo(4);
  }

  @Test
  void aTenantWhoseHistoryCannotBeReadIsA500EntryAndTheOthersStillRun() {
    for (String school : List.of(SCHOOL_A, SCHOOL_B)) {
      tenants.runner(school).rollbackTo(2);
    }
    Document edited =
        TestMongo.client()
            .getDatabase(SCHOOL_B)
            .getCollection("lms_migrations")
            .findOneAndUpdate(
                new Document("_id", "archive_flags"),
                new Document("$set", new Document("executedAt", "yesterday")),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));

    Http.Response up = http.post("/actuator/migrations", "{\"action\":\"upAll\"}");

    assertThat(up.status()).isEqualTo(500);
    assertThat(up.body().get("tenants").get(SCHOOL_A)).hasSize(2);
    assertThat(up.body().get("tenants").get(SCHOOL_B).get("message").asString())
        .startsWith(
            "Tenant '"
                + SCHOOL_B
                + "': com.lms.migrations.UnreadableMigrationRecordException: The record of migration 'archive_flags' in collection 'lms_migrations' has a field"
                + " 'executedAt' holding String yesterday where lms-migrations writes a date");
    assertThat(tenants.runner(SCHOOL_A).info().currentVersion()).isEqualTo(4);
    assertThat(
            TestMongo.client()
                .getDatabase(SCHOOL_B)
                .getCollection("lms_migrations")
                .find(new Document("_id", "archive_flags"))
                .first())
        .isEqualTo(edited);
    assertThat(
            TestMongo.client()
                .getDatabase(SCHOOL_B)
                .getCollection("lms_migrations")
                .countDocuments(new Document("status", "COMPLETED")))
        .isEqualTo(2);
    assertThat(
            TestMongo.client()
                .getDatabase(SCHOOL_B)
                .getCollection("lms_migrations_lock")
                .countDocuments())
        .isZero();
  }

  @Test
  void anUnknownTenantIs404WithTheKnownTenantsAndAMissingOneIs400() {
    Http.Response unknown = http.get("/actuator/migrations?tenant=school_x");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("message").asString())
        .isEqualTo("No tenant named 'school_x'; the tenants are " + SCHOOL_A + ", " + SCHOOL_B);

    Http.Response write =
        http.post(
            "/actuator/migrations/archive_flags", "{\"action\":\"up\",\"tenant\":\"school_x\"}");
    assertThat(write.status()).isEqualTo(404);

    Http.Response withoutTenant = http.get("/actuator/migrations/archive_flags");
    assertThat(withoutTenant.status()).isEqualTo(400);
    assertThat(withoutTenant.body().get("message").asString())
        .isEqualTo(
            "Name a tenant: GET /actuator/migrations/archive_flags?tenant=<tenant>; the tenants are "
                + SCHOOL_A
                + ", "
                + SCHOOL_B);
  }

  @Test
  void healthReportsEachTenant() {
    Http.Response health = http.get("/actuator/health/migrations");

    assertThat(health.status()).isEqualTo(200);
    JsonNode details = health.body().get("details");
    assertThat(details.get("pending").asInt()).isZero();
    assertThat(details.get("tenants").get(SCHOOL_A).get("currentVersion").asInt()).isEqualTo(4);
    assertThat(details.get("tenants").get(SCHOOL_B).get("currentVersion").asInt()).isEqualTo(4);
    assertThat(
            TestMongo.client()
                .getDatabase(PREFIX + "home")
                .listCollectionNames()
                .into(new ArrayList<>()))
        .as("the application's own database is not migrated")
        .doesNotContain("lms_migrations", "lms_migrations_lock", "courses");
  }
}
