package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * One migration's status as the endpoint shows it.
 *
 * @param name its name
 * @param version its version
 * @param description its description
 * @param status {@code pending}, {@code running}, {@code completed} or {@code failed}
 * @param executedAt when it last started to run, or null
 * @param executionTime how long that took in milliseconds, or null
 * @param error the last error, or null
 */
public record MigrationDescriptor(
    String name,
    int version,
    String description,
    String status,
    Instant executedAt,
    Long executionTime,
    String error) {

  static MigrationDescriptor of(Migration migration, MigrationStatus status) {
    String description = migration == null ? "" : migration.description();
    return new MigrationDescriptor(
        status.name(),
        status.version(),
        description == null ? "" : description,
        status.status().name().toLowerCase(Locale.ROOT),
        status.executedAt(),
        status.executionTime(),
        status.error());
  }
}
