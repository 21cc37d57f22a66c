package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.HistorySource.Tool;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class HistorySourceUnitTests {

  @Test
  void defaultsToEachToolsOwnCollections() {
    assertThat(HistorySource.of(Tool.MONGOCK))
        .extracting(HistorySource::collection, HistorySource::lockCollection)
        .containsExactly("mongockChangeLog", "mongockLock");
    assertThat(HistorySource.of(Tool.MONGOBEE).collection()).isEqualTo("dbchangelog");
    assertThat(HistorySource.of(Tool.MIGRATE_MONGO).lockCollection()).isEqualTo("changelog_lock");
    assertThat(HistorySource.of(Tool.FLYWAY).lockCollection()).isNull();
  }

  @Test
  void findsToolsByTheirConfigurationName() {
    assertThat(Tool.fromId("migrate-mongo")).isEqualTo(Tool.MIGRATE_MONGO);
    assertThat(Tool.fromId(" Mongock ")).isEqualTo(Tool.MONGOCK);
    assertThatThrownBy(() -> Tool.fromId("liquibase"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Unknown migration tool 'liquibase': use one of mongock, mongobee, migrate-mongo or"
                + " flyway");
  }

  @Test
  void refusesABlankCollection() {
    assertThatThrownBy(() -> HistorySource.of(Tool.MONGOCK).withCollection(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The history collection of mongock must not be blank");
  }

  @Test
  void readsFlywaysTimesWrittenAsTextOrAsDates() {
    assertThat(LegacyHistory.time("2024-03-01 10:15:30.123"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30.123Z"));
    assertThat(LegacyHistory.time("2024-03-01 10:15:30"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(LegacyHistory.time("2024-03-01T10:15:30Z"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(LegacyHistory.time(Date.from(Instant.EPOCH))).isEqualTo(Instant.EPOCH);
    assertThat(LegacyHistory.time("yesterday")).isNull();
  }
}
