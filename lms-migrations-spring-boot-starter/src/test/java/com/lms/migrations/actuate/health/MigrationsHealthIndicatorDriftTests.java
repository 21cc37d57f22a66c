package com.lms.migrations.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.drift.EditedMigration;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMongo;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationPolicy.ChecksumCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The {@code migrations} health lists the applied migrations whose code changed. */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationsHealthIndicatorDriftTests {

  private TestDatabase db;
  private final String prefix = TestMongo.newDatabaseName("drift").substring(0, 20) + "_";

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @AfterEach
  void dropTenants() {
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Test
  void aChangedMigrationIsListedAndAWarningKeepsItUp() {
    runner(db.name(), "v1", ChecksumCheck.FAIL).upAll();

    Health health =
        new MigrationsHealthIndicator(runner(db.name(), "v2", ChecksumCheck.WARN)).health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails().get("changed"))
        .isEqualTo(List.of(Map.of("name", "edited", "recorded", "user:v1", "current", "user:v2")));
  }

  @Test
  void withoutAChangeThereIsNoChangedDetail() {
    runner(db.name(), "v1", ChecksumCheck.FAIL).upAll();

    Health health =
        new MigrationsHealthIndicator(runner(db.name(), "v1", ChecksumCheck.FAIL)).health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).doesNotContainKey("changed");
  }

  @Test
  void eachTenantListsItsChangedMigrations() {
    String changed = prefix + "a";
    String same = prefix + "b";
    runner(changed, "v1", ChecksumCheck.FAIL).upAll();
    runner(same, "v2", ChecksumCheck.FAIL).upAll();
    TenantMigrations tenants =
        TenantMigrations.builder(
                runner(prefix + "home", "v2", ChecksumCheck.WARN), () -> List.of(changed, same))
            .build();

    Health health =
        new MigrationsHealthIndicator(
                runner(prefix + "home", "v2", ChecksumCheck.WARN), Optional::empty, tenants)
            .health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    Map<?, ?> perTenant = (Map<?, ?>) health.getDetails().get("tenants");
    assertThat(((Map<?, ?>) perTenant.get(changed)).get("changed"))
        .isEqualTo(List.of(Map.of("name", "edited", "recorded", "user:v1", "current", "user:v2")));
    assertThat(((Map<?, ?>) perTenant.get(same)).containsKey("changed")).isFalse();
  }

  private MigrationRunner runner(String database, String checksum, ChecksumCheck check) {
    return MigrationRunner.builder(db.template())
        .database(database)
        .validationPolicy(ValidationPolicy.strict().withChecksums(check))
        .migration(new EditedMigration("edited", 1, checksum))
        .build();
  }
}
