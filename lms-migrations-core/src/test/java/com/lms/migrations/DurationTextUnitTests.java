package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations in logs and messages read as people write them, never as {@code PT10S}. */
class DurationTextUnitTests {

  @Test
  void underASecondInMilliseconds() {
    assertThat(DurationText.of(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(DurationText.of(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void secondsWithATenthUnderTenSeconds() {
    assertThat(DurationText.of(Duration.ofMillis(1_500))).isEqualTo("1.5s");
    assertThat(DurationText.of(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(DurationText.of(Duration.ofMillis(9_960))).isEqualTo("10s");
    assertThat(DurationText.of(Duration.ofMillis(12_345))).isEqualTo("12s");
  }

  @Test
  void minutesAndSecondsThenHoursAndMinutes() {
    assertThat(DurationText.of(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(DurationText.of(Duration.ofSeconds(65))).isEqualTo("1m05s");
    assertThat(DurationText.of(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(DurationText.of(Duration.ofMinutes(125))).isEqualTo("2h05m");
    assertThat(DurationText.of(Duration.ofHours(3))).isEqualTo("3h");
  }
}
