package com.lms.migrations;

import java.time.Duration;
import java.util.Locale;

/**
 * How lms-migrations writes a duration in log lines and messages, as people read them: {@code
 * 250ms}, {@code 1.5s}, {@code 10s}, {@code 1m30s}, {@code 2h05m}, rather than {@code PT10S}.
 * Public so that the Spring Boot starter writes durations the same way.
 */
public final class DurationText {

  private DurationText() {}

  /**
   * The duration in the largest units that keep it short: milliseconds under a second, seconds
   * (with a tenth under ten seconds) under a minute, then minutes and seconds, then hours and
   * minutes.
   *
   * @param duration the duration
   * @return for example {@code 0s}, {@code 250ms}, {@code 1.5s}, {@code 10s}, {@code 1m30s}, {@code
   *     2h05m}
   */
  public static String of(Duration duration) {
    if (duration.isNegative()) {
      return "-" + of(duration.negated());
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1_000) {
      return millis + "ms";
    }
    long tenths = Math.round(millis / 100.0);
    if (tenths < 100 && tenths % 10 != 0) {
      return tenths / 10 + "." + tenths % 10 + "s";
    }
    long seconds = Math.round(millis / 1_000.0);
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3_600) {
      return seconds % 60 == 0
          ? seconds / 60 + "m"
          : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    long minutes = Math.round(seconds / 60.0);
    return minutes % 60 == 0
        ? minutes / 60 + "h"
        : String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60);
  }
}
