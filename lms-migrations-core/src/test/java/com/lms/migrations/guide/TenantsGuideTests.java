package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import com.lms.migrations.tenant.UnknownTenantException;
import com.lms.migrations.testing.TestMongo;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The plain Java code of the guide's page on tenants migrates each tenant's database. */
class TenantsGuideTests {

  private final MongoTemplate home = new MongoTemplate(TestMongo.client(), "school_home");

  @AfterEach
  void dropTheSchools() {
    TestMongo.dropDatabasesStartingWith("school_");
  }

  @Test
  void migrateAllAppliesEveryMigrationToEachTenantsOwnDatabase() {
    for (String school : List.of("school_north", "school_south")) {
      new MongoTemplate(TestMongo.client(), school)
          .insert(new Document("_id", "c1").append("title", "Algorithms"), "courses");
    }
    MigrationRunner runner = new MigrationRunner(home);
    runner.register(new AddCourseTags());

    // tag::tenants-in-plain-java[]
    MigrationTenants schools = MigrationTenants.of(List.of("school_north", "school_south"));
    TenantMigrations tenants =
        TenantMigrations.builder(runner, schools) // the migrations each tenant gets
            .parallelism(4)
            .failFast(false)
            .build();
    TenantRunReport report = tenants.migrateAll(); // a TenantOutcome per tenant
    report.throwIfFailed(); // TenantMigrationsFailedException listing the failed tenants
    MigrationRunner north = tenants.runner("school_north"); // UnknownTenantException if not listed
    // end::tenants-in-plain-java[]

    assertThat(report.outcomes())
        .extracting(TenantOutcome::tenant, TenantOutcome::state)
        .containsExactlyInAnyOrder(
            tuple("school_north", TenantOutcome.State.SUCCEEDED),
            tuple("school_south", TenantOutcome.State.SUCCEEDED));
    assertThat(north.getStatus("add_course_tags").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    for (String school : List.of("school_north", "school_south")) {
      assertThat(new MongoTemplate(TestMongo.client(), school).findAll(Document.class, "courses"))
          .as(school)
          .containsExactly(
              new Document("_id", "c1").append("title", "Algorithms").append("tags", List.of()));
    }
    assertThat(home.getCollectionNames()).isEmpty();
    assertThatThrownBy(() -> tenants.runner("school_east"))
        .isInstanceOf(UnknownTenantException.class)
        .hasMessageContaining("school_east");
  }
}
