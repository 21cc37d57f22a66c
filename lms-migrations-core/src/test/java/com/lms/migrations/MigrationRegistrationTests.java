package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MongoDatabaseExtension.class)
class MigrationRegistrationTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @Test
  void listsMigrationsByVersionWhateverTheRegistrationOrder() {
    runner.register(TestMigration.recording("third", 30));
    runner.register(TestMigration.recording("first", 1));
    runner.register(TestMigration.recording("second", 2));

    assertThat(runner.getMigrations())
        .extracting(Migration::name)
        .containsExactly("first", "second", "third");
  }

  @Test
  void rejectsNullMigration() {
    assertThatThrownBy(() -> runner.register(null))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("null migration");
  }

  @Test
  void rejectsBlankName() {
    assertThatThrownBy(() -> runner.register(TestMigration.recording(" ", 1)))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("blank name")
        .hasMessageContaining(TestMigration.class.getName());
  }

  @Test
  void rejectsNullName() {
    assertThatThrownBy(() -> runner.register(TestMigration.recording(null, 1)))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("blank name");
  }

  @Test
  void rejectsNamesOutsideTheAllowedAlphabet() {
    for (String bad : new String[] {"Add_Tags", "add-tags", "_tags", "add tags", "tägs"}) {
      assertThatThrownBy(() -> runner.register(TestMigration.recording(bad, 1)))
          .as(bad)
          .isInstanceOf(InvalidMigrationException.class)
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("[a-z0-9][a-z0-9_]*");
    }
  }

  @Test
  void acceptsNamesOfExactlyOneHundredCharactersButNotMore() {
    runner.register(TestMigration.recording("a".repeat(100), 1));

    assertThatThrownBy(() -> runner.register(TestMigration.recording("b".repeat(101), 2)))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("at most 100 characters");
  }

  @Test
  void rejectsVersionsBelowOne() {
    assertThatThrownBy(() -> runner.register(TestMigration.recording("zero", 0)))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("'zero' has version 0; versions start at 1");
    assertThatThrownBy(() -> runner.register(TestMigration.recording("negative", -3)))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("version -3");
  }

  @Test
  void rejectsDuplicateNameNamingBothMigrations() {
    runner.register(TestMigration.recording("add_tags", 1));

    assertThatThrownBy(() -> runner.register(TestMigration.recording("add_tags", 2)))
        .isInstanceOf(DuplicateMigrationException.class)
        .hasMessageContaining("Two migrations are named 'add_tags'")
        .hasMessageContaining("(version 1)")
        .hasMessageContaining("(version 2)");
  }

  @Test
  void rejectsDuplicateVersionNamingBothMigrations() {
    runner.register(TestMigration.recording("add_tags", 3));

    assertThatThrownBy(() -> runner.register(TestMigration.recording("add_index", 3)))
        .isInstanceOf(DuplicateMigrationException.class)
        .hasMessageContaining("'add_tags' and 'add_index' both have version 3");
  }

  @Test
  void registrationErrorsLeaveNoTraceInTheDatabase() {
    runner.register(TestMigration.recording("ok", 1));
    assertThatThrownBy(() -> runner.register(TestMigration.recording("ok", 2)))
        .isInstanceOf(DuplicateMigrationException.class);
    assertThatThrownBy(() -> runner.register(TestMigration.recording("Bad", 3)))
        .isInstanceOf(InvalidMigrationException.class);

    assertThat(db.database().listCollectionNames()).isEmpty();
    assertThat(runner.getMigrations()).extracting(Migration::name).containsExactly("ok");
  }

  @Test
  void unknownNamesHaveNoStatusButAreErrorsElsewhere() {
    assertThat(runner.getStatus("nope")).isEmpty();
    assertThatThrownBy(() -> runner.up("nope"))
        .isInstanceOf(UnknownMigrationException.class)
        .hasMessageContaining("No migration named 'nope' is registered");
    assertThatThrownBy(() -> runner.down("nope")).isInstanceOf(UnknownMigrationException.class);
    assertThatThrownBy(() -> runner.getLogs("nope")).isInstanceOf(UnknownMigrationException.class);
  }

  @Test
  void settingsNameTheBadValue() {
    assertThatThrownBy(() -> MigrationSettings.defaults().withCollection(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("collection must be a valid MongoDB collection name")
        .hasMessageContaining("' '");
    assertThatThrownBy(() -> MigrationSettings.defaults().withLogLimit(0))
        .hasMessageContaining("log limit must be at least 1 but was 0");
    assertThatThrownBy(
            () -> LockSettings.defaults().withLeaseTime(java.time.Duration.ofSeconds(-1)))
        .hasMessageContaining("lease time must be positive but was -1s");
    assertThatThrownBy(() -> LockSettings.defaults().withWaitTime(java.time.Duration.ofMillis(-1)))
        .hasMessageContaining("lock wait time must not be negative");
    assertThatThrownBy(() -> LockSettings.defaults().withCollection("a$b"))
        .hasMessageContaining("lock collection must be a valid MongoDB collection name");
  }

  @Test
  void aBadSettingIsNamedByItsPathForFrameworksToMap() {
    assertThatThrownBy(
            () -> LockSettings.defaults().withLeaseTime(java.time.Duration.ofMillis(500)))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.getSetting()).isEqualTo("lock.leaseTime");
              assertThat(e.getValue()).isEqualTo("500ms");
              assertThat(e.getReason()).startsWith("must be at least 1s");
            });
    assertThatThrownBy(() -> MigrationSettings.defaults().withTransactionMode(null))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.getSetting()).isEqualTo("transactionMode"));
  }
}
