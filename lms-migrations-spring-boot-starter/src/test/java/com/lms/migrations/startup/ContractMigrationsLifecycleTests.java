package com.lms.migrations.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.RunRules;
import com.lms.migrations.deploy.InstancePresence;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A contract migration that waited at startup is applied once the older build is gone. */
@ExtendWith(MongoDatabaseExtension.class)
class ContractMigrationsLifecycleTests {

  @Test
  void theWaitingContractMigrationIsAppliedOnceTheOlderInstanceStops(TestDatabase db) {
    MigrationRunner old = new MigrationRunner(db.template());
    old.register(TestMigration.recording("add_course", 1));
    MigrationRunner next = new MigrationRunner(db.template());
    next.register(TestMigration.recording("add_course", 1));
    next.register(TestMigration.recording("drop_title", 2).contract());
    InstancePresence oldInstance = old.instances().announce(null, null, Duration.ofSeconds(10));
    next.upAll();
    ContractMigrationsLifecycle lifecycle =
        new ContractMigrationsLifecycle(
            next, RunRules.upTo(Integer.MAX_VALUE), Duration.ofMillis(50), false);
    lifecycle.start();
    try {
      lifecycle.watch();
      assertThat(lifecycle.isLooking()).isTrue();
      assertThat(state(next)).isEqualTo(MigrationState.PENDING);

      oldInstance.close();

      Poll.until(
          "the contract migration to be applied",
          Duration.ofSeconds(30),
          () -> state(next) == MigrationState.COMPLETED);
      Poll.until("it to stop looking", Duration.ofSeconds(30), () -> !lifecycle.isLooking());
    } finally {
      lifecycle.stop();
    }
  }

  @Test
  void duringADryRunItDoesNotLook(TestDatabase db) {
    MigrationRunner old = new MigrationRunner(db.template());
    MigrationRunner next = new MigrationRunner(db.template());
    next.register(TestMigration.recording("drop_title", 2).contract());
    try (InstancePresence oldInstance =
        old.instances().announce(null, null, Duration.ofSeconds(10))) {
      ContractMigrationsLifecycle lifecycle =
          new ContractMigrationsLifecycle(
              next, new RunRules(Integer.MAX_VALUE, true, true), Duration.ofMillis(50), false);
      lifecycle.start();
      lifecycle.watch();
      assertThat(lifecycle.isLooking()).isFalse();
      lifecycle.stop();
    }
  }

  private static MigrationState state(MigrationRunner runner) {
    return runner.getStatus("drop_title").orElseThrow().status();
  }
}
