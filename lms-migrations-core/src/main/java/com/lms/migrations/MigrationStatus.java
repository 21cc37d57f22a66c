package com.lms.migrations;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The recorded state of one migration.
 *
 * @param name the migration's name
 * @param version the migration's version
 * @param status where it stands
 * @param executedAt when it last started to run, {@code null} until run (and after a rollback)
 * @param executionTime how long that run took in milliseconds, {@code null} until it ended
 * @param error what the last failed run threw, {@code null} unless {@link MigrationState#FAILED}
 */
public record MigrationStatus(
    String name,
    int version,
    MigrationState status,
    @Nullable Instant executedAt,
    @Nullable Long executionTime,
    @Nullable String error) {

  /**
   * Checks that name and status are present.
   *
   * @param name the migration's name
   * @param version the migration's version
   * @param status where it stands
   * @param executedAt when it last started to run, {@code null} until run (and after a rollback)
   * @param executionTime how long that run took in milliseconds, {@code null} until it ended
   * @param error what the last failed run threw, {@code null} unless {@link MigrationState#FAILED}
   */
  public MigrationStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  /**
   * The status of a migration that has never run.
   *
   * @param name its name
   * @param version its version
   * @return a {@link MigrationState#PENDING} status
   */
  public static MigrationStatus pending(String name, int version) {
    return new MigrationStatus(name, version, MigrationState.PENDING, null, null, null);
  }

  /**
   * Whether the migration's changes are in the database.
   *
   * @return {@code true} when {@link MigrationState#COMPLETED}
   */
  public boolean isApplied() {
    return status == MigrationState.COMPLETED;
  }
}
