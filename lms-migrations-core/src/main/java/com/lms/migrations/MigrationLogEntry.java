package com.lms.migrations;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One line a migration logged through {@link MigrationContext#log()}.
 *
 * @param timestamp when it was logged
 * @param level {@code INFO}, {@code WARN} or {@code ERROR}
 * @param message the formatted message
 */
public record MigrationLogEntry(Instant timestamp, String level, String message) {

  private static final Set<String> LEVELS = Set.of("INFO", "WARN", "ERROR");

  /**
   * Checks that every field is present and the level is one of the three.
   *
   * @param timestamp when it was logged
   * @param level {@code INFO}, {@code WARN} or {@code ERROR}
   * @param message the formatted message
   */
  public MigrationLogEntry {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(message, "message");
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException(
          "Log level must be one of " + LEVELS + " but was '" + level + "'");
    }
  }
}
