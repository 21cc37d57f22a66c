package com.lms.migrations;

import com.lms.migrations.fingerprint.CodeFingerprint;
import com.lms.migrations.fingerprint.MigrationFingerprints;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A migration's status document as read from the database.
 *
 * @param lastDirection the direction of the last run, {@code null} if it never ran
 * @param running who is running it, {@code null} unless {@link MigrationState#RUNNING}
 * @param runId the id of the last run that recorded an outcome, which its batch checkpoints carry;
 *     {@code null} if none did
 * @param code the fingerprint of the code it was applied with, and who applied it; {@code null}
 *     unless applied, and for records written before fingerprints were recorded
 */
record StoredMigration(
    String name,
    int version,
    String description,
    MigrationState state,
    @Nullable Instant executedAt,
    @Nullable Long executionTime,
    @Nullable String error,
    @Nullable Direction lastDirection,
    @Nullable Running running,
    @Nullable String runId,
    @Nullable RecordedCode code) {

  StoredMigration(
      String name,
      int version,
      String description,
      MigrationState state,
      @Nullable Instant executedAt,
      @Nullable Long executionTime,
      @Nullable String error,
      @Nullable Direction lastDirection,
      @Nullable Running running,
      @Nullable String runId) {
    this(
        name,
        version,
        description,
        state,
        executedAt,
        executionTime,
        error,
        lastDirection,
        running,
        runId,
        null);
  }

  /**
   * The code an applied migration was recorded with.
   *
   * @param fingerprint its fingerprint then
   * @param appliedBy who applied it (host, process and who asked), {@code null} when not recorded
   * @param classBytes the sum of its class files then ({@link MigrationFingerprints#classBytes}),
   *     {@code null} when not recorded
   */
  record RecordedCode(
      CodeFingerprint fingerprint, @Nullable String appliedBy, @Nullable String classBytes) {}

  /**
   * The fingerprint of a migration's code now: the recorded one without parsing anything when its
   * class files are the bytes it was recorded with.
   */
  static Optional<CodeFingerprint> currentCode(
      Migration migration, @Nullable StoredMigration stored) {
    RecordedCode code = stored == null ? null : stored.code();
    return code == null
        ? MigrationFingerprints.of(migration)
        : MigrationFingerprints.current(migration, code.fingerprint(), code.classBytes());
  }

  /** The runner that marked a migration as running, and the id of its run. */
  record Running(
      String owner, String host, long pid, Instant since, Direction direction, String runId) {}

  /** The status of a migration as recorded, PENDING when it has no record. */
  static MigrationStatus statusOf(Migration migration, @Nullable StoredMigration stored) {
    return stored == null
        ? MigrationStatus.pending(migration.name(), migration.version())
        : stored.toStatus();
  }

  MigrationStatus toStatus() {
    return new MigrationStatus(name, version, state, executedAt, executionTime, error);
  }

  /**
   * Whether {@code rollbackTo} rolls it back: it is applied, or a rollback of it failed half way.
   */
  boolean isRollbackable() {
    return state == MigrationState.COMPLETED
        || (state == MigrationState.FAILED && lastDirection == Direction.DOWN);
  }

  /**
   * Whether an explicit {@code down} of it makes sense: its changes are, or may partly be, in the
   * database. That includes a migration that failed while applying, whose {@code down} is how its
   * partial changes are cleaned up.
   */
  boolean canRollBack() {
    return state == MigrationState.COMPLETED || state == MigrationState.FAILED || isSuspended();
  }

  /**
   * Whether a background migration was stopped between batches (paused, or its instance shut down):
   * PENDING after a run up, with part of its changes in the database.
   */
  boolean isSuspended() {
    return state == MigrationState.PENDING && lastDirection == Direction.UP && runId != null;
  }

  /**
   * Whether a new run in this direction continues this one's batch checkpoints: only when the last
   * run was in the same direction and failed, was interrupted, or (a background migration) was
   * stopped between batches, which leaves it PENDING after a run up.
   */
  boolean resumableIn(Direction direction) {
    return (state == MigrationState.FAILED || isSuspended())
        && lastDirection == direction
        && runId != null;
  }

  /** Whether {@code upAll} should run it. */
  boolean needsUp() {
    return state != MigrationState.COMPLETED;
  }
}
