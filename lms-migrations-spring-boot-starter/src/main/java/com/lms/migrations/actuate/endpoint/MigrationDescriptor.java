package com.lms.migrations.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.background.BackgroundProgress;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

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
 * @param background for a background migration, how far it got; null for a regular migration
 * @param changed for an applied migration whose code changed since it was applied, the recorded and
 *     the current fingerprint; left out otherwise
 */
public record MigrationDescriptor(
    String name,
    int version,
    String description,
    String status,
    Instant executedAt,
    Long executionTime,
    String error,
    @Nullable BackgroundDescriptor background,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ChangedCode changed) {

  /**
   * A migration's status without a change of its code.
   *
   * @param name its name
   * @param version its version
   * @param description its description
   * @param status {@code pending}, {@code running}, {@code completed} or {@code failed}
   * @param executedAt when it last started to run, or null
   * @param executionTime how long that took in milliseconds, or null
   * @param error the last error, or null
   * @param background for a background migration, how far it got; null for a regular migration
   */
  public MigrationDescriptor(
      String name,
      int version,
      String description,
      String status,
      Instant executedAt,
      Long executionTime,
      String error,
      @Nullable BackgroundDescriptor background) {
    this(name, version, description, status, executedAt, executionTime, error, background, null);
  }

  static MigrationDescriptor of(Migration migration, MigrationStatus status) {
    return of(migration, status, null);
  }

  static MigrationDescriptor of(
      Migration migration, MigrationStatus status, @Nullable BackgroundProgress progress) {
    return of(migration, status, progress, null);
  }

  static MigrationDescriptor of(
      Migration migration,
      MigrationStatus status,
      @Nullable BackgroundProgress progress,
      @Nullable ChangedCode changed) {
    String description = migration == null ? "" : migration.description();
    return new MigrationDescriptor(
        status.name(),
        status.version(),
        description == null ? "" : description,
        status.status().name().toLowerCase(Locale.ROOT),
        status.executedAt(),
        status.executionTime(),
        status.error(),
        progress == null ? null : BackgroundDescriptor.of(progress),
        changed);
  }
}
