package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.query.Query;

/** On a server without transactions (the embedded one is standalone-like). */
@ExtendWith(MongoDatabaseExtension.class)
class TransactionModeTests {

  @Test
  void autoModeRunsWithoutTransactionsOnAStandaloneServer(TestDatabase db) {
    assumeStandalone(db);
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("add_tags", 1));

    runner.upAll();

    assertThat(db.template().count(new Query(), "effects")).isEqualTo(1);
  }

  @Test
  void alwaysModeRefusesAServerWithoutTransactionsBeforeChangingAnything(TestDatabase db) {
    assumeStandalone(db);
    MigrationRunner runner =
        new MigrationRunner(
            db.template(),
            MigrationSettings.defaults().withTransactionMode(TransactionMode.ALWAYS));
    runner.register(TestMigration.recording("add_tags", 1));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(TransactionsUnavailableException.class)
        .hasMessageContaining("need a replica set");
    assertThat(db.template().count(new Query(), "effects")).isZero();
    assertThat(runner.getStatus("add_tags").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
  }

  private static void assumeStandalone(TestDatabase db) {
    Assumptions.assumeTrue(
        new ServerInfo(
                    new LibraryCollections(db.template().getDb(), java.time.Duration.ofSeconds(10)),
                    java.time.Clock.systemUTC())
                .supportsTransactions()
            == false,
        "the test server supports transactions");
  }
}
