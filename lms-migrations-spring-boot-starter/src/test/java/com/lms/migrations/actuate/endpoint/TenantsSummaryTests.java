package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.actuate.endpoint.TenantsReport.TenantSummary;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TcpProxy;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code GET /actuator/migrations} with tenants reads them within a time budget: a tenant that
 * cannot be read is reported with its error, one not read in time as not checked yet, and neither
 * fails nor holds up the summary of the others.
 */
class TenantsSummaryTests {

  private final String prefix = TestMongo.newDatabaseName("sum").substring(0, 20) + "_";
  private final String schoolA = prefix + "a";
  private final String schoolB = prefix + "b";
  private final String schoolC = prefix + "c";

  @AfterEach
  void dropDatabases() {
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Test
  void aTenantWhoseHistoryCannotBeReadShowsItsErrorAndTheOthersAreSummarisedInFull() {
    TenantMigrations tenants = tenants(TestMongo.client(), List.of(schoolA, schoolB, schoolC));
    tenants.migrateAll();
    TestMongo.client()
        .getDatabase(schoolC)
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_tags"), new Document("$set", new Document("status", 7)));

    WebEndpointResponse<Object> response = endpoint(tenants).migrations(null);

    assertThat(response.getStatus()).isEqualTo(200);
    TenantsReport report = (TenantsReport) response.getBody();
    assertThat(report.tenants())
        .extracting(TenantSummary::tenant)
        .containsExactly(schoolA, schoolB, schoolC);
    TenantSummary a = report.tenants().get(0);
    assertThat(a.currentVersion()).isEqualTo(2);
    assertThat(a.completeVersion()).isEqualTo(2);
    assertThat(a.pending()).isZero();
    assertThat(a.error()).isNull();
    assertThat(a.checkedAt()).isNotNull();
    TenantSummary c = report.tenants().get(2);
    assertThat(c.currentVersion()).isNull();
    assertThat(c.error()).contains("add_tags");
    assertThat(c.notCheckedYet()).isNull();
    assertThat(report.pending()).isZero();
  }

  @Test
  void tenantsNotReadWithinTheBudgetAreReportedAsNotCheckedYetThenWithTheirError()
      throws Exception {
    tenants(TestMongo.client(), List.of(schoolA, schoolB)).migrateAll();
    String server = TestMongo.serverUri();
    int serverPort = Integer.parseInt(server.replaceAll(".*:", "").replaceAll("[^0-9].*", ""));
    try (TcpProxy proxy = TcpProxy.to(serverPort);
        MongoClient client =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(
                        new ConnectionString(
                            "mongodb://127.0.0.1:" + proxy.port() + "/?directConnection=true"))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                    .applyToSocketSettings(c -> c.connectTimeout(1, TimeUnit.SECONDS))
                    .build())) {
      proxy.cut();
      MigrationsEndpoint endpoint = endpoint(tenants(client, List.of(schoolA, schoolB)));

      long started = System.nanoTime();
      TenantsReport report = (TenantsReport) endpoint.migrations(null).getBody();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(report.tenants())
          .allSatisfy(
              summary -> {
                assertThat(summary.notCheckedYet()).isTrue();
                assertThat(summary.currentVersion()).isNull();
                assertThat(summary.checkedAt()).isNull();
              });

      Poll.until(
          "the unreachable tenants' reads to end with their error",
          Duration.ofSeconds(60),
          () ->
              ((TenantsReport) endpoint.migrations(null).getBody())
                  .tenants().stream().allMatch(summary -> summary.error() != null));

      proxy.restore();
      Poll.until(
          "the tenants to be read again",
          Duration.ofSeconds(60),
          () ->
              ((TenantsReport) endpoint.migrations(null).getBody())
                  .tenants().stream()
                      .allMatch(summary -> Integer.valueOf(2).equals(summary.currentVersion())));
    }
  }

  @Test
  void eachTenantNamesItsChangedMigrations() {
    tenants(TestMongo.client(), List.of(schoolA, schoolB)).migrateAll();
    TestMongo.client()
        .getDatabase(schoolB)
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "add_tags"),
            new Document("$set", new Document("checksum", "sha256:" + "0".repeat(64)))
                // An edit changes the class files too: the recorded sum no longer matches.
                .append("$unset", new Document("classBytes", "")));

    TenantsReport report =
        (TenantsReport)
            endpoint(tenants(TestMongo.client(), List.of(schoolA, schoolB)))
                .migrations(null)
                .getBody();

    assertThat(report.tenants().get(0).changed()).isEmpty();
    assertThat(report.tenants().get(1).changed()).containsExactly("add_tags");
  }

  private TenantMigrations tenants(MongoClient client, List<String> databases) {
    return TenantMigrations.builder(template(client), () -> databases).build();
  }

  private MigrationRunner template(MongoClient client) {
    return MigrationRunner.builder(new MongoTemplate(client, prefix + "home"))
        .migration(TestMigration.recording("create_courses", 1))
        .migration(TestMigration.recording("add_tags", 2))
        .build();
  }

  private MigrationsEndpoint endpoint(TenantMigrations tenants) {
    return new MigrationsEndpoint(
        template(TestMongo.client()), null, tenants, null, TenantInfoSnapshots.forProbes(tenants));
  }
}
