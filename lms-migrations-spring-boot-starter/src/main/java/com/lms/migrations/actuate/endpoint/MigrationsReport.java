package com.lms.migrations.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lms.migrations.LockHolder;
import com.lms.migrations.deploy.InactiveMigration;
import com.lms.migrations.deploy.RunningInstance;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/migrations} answers.
 *
 * @param currentVersion the highest applied version, 0 when none
 * @param pending how many migrations are not applied
 * @param migrations every migration, lowest version first
 * @param lock who holds the migration lock right now, or null
 * @param plan what {@code upAll} would do now, in order
 * @param future migrations recorded above the highest version this build knows (applied by a newer
 *     build), lowest version first
 * @param writes whether the endpoint takes writes and, when not, how to allow them; null when not
 *     known
 * @param completeVersion the highest version below which every migration is applied: below {@code
 *     currentVersion} while a background migration runs or a rollback left a hole
 * @param gaps the migrations not applied below {@code currentVersion}, lowest version first; left
 *     out when none
 * @param instances the instances of the application running against this database, with the highest
 *     migration version each one's build knows, oldest first; left out when none announced itself
 */
public record MigrationsReport(
    int currentVersion,
    long pending,
    List<MigrationDescriptor> migrations,
    LockHolder lock,
    List<PlannedStep> plan,
    List<FutureMigration> future,
    @Nullable WriteAccess writes,
    int completeVersion,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MigrationVersion> gaps,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RunningInstance> instances,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> waiting,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InactiveMigration> notInThisEnvironment) {

  /**
   * A report that lists no running instances.
   *
   * @param currentVersion the highest applied version, 0 when none
   * @param pending how many migrations are not applied
   * @param migrations every migration, lowest version first
   * @param lock who holds the migration lock right now, or null
   * @param plan what {@code upAll} would do now, in order
   * @param future migrations recorded above the highest version this build knows
   * @param writes whether the endpoint takes writes and, when not, how to allow them; null when not
   *     known
   * @param completeVersion the highest version below which every migration is applied
   * @param gaps the migrations not applied below {@code currentVersion}, lowest version first
   */
  public MigrationsReport(
      int currentVersion,
      long pending,
      List<MigrationDescriptor> migrations,
      LockHolder lock,
      List<PlannedStep> plan,
      List<FutureMigration> future,
      @Nullable WriteAccess writes,
      int completeVersion,
      List<MigrationVersion> gaps) {
    this(
        currentVersion,
        pending,
        migrations,
        lock,
        plan,
        future,
        writes,
        completeVersion,
        gaps,
        List.of(),
        List.of(),
        List.of());
  }

  /**
   * A report without holes: complete up to its current version.
   *
   * @param currentVersion the highest applied version, 0 when none
   * @param pending how many migrations are not applied
   * @param migrations every migration, lowest version first
   * @param lock who holds the migration lock right now, or null
   * @param plan what {@code upAll} would do now, in order
   * @param future migrations recorded above the highest version this build knows
   * @param writes whether the endpoint takes writes and, when not, how to allow them; null when not
   *     known
   */
  public MigrationsReport(
      int currentVersion,
      long pending,
      List<MigrationDescriptor> migrations,
      LockHolder lock,
      List<PlannedStep> plan,
      List<FutureMigration> future,
      @Nullable WriteAccess writes) {
    this(
        currentVersion, pending, migrations, lock, plan, future, writes, currentVersion, List.of());
  }

  /**
   * A report that does not say whether the endpoint takes writes.
   *
   * @param currentVersion the highest applied version, 0 when none
   * @param pending how many migrations are not applied
   * @param migrations every migration, lowest version first
   * @param lock who holds the migration lock right now, or null
   * @param plan what {@code upAll} would do now, in order
   * @param future migrations recorded above the highest version this build knows
   */
  public MigrationsReport(
      int currentVersion,
      long pending,
      List<MigrationDescriptor> migrations,
      LockHolder lock,
      List<PlannedStep> plan,
      List<FutureMigration> future) {
    this(currentVersion, pending, migrations, lock, plan, future, null);
  }

  /**
   * A migration this build does not know, recorded above its highest version.
   *
   * @param name its name
   * @param version its version
   * @param status its recorded status, lower case
   */
  public record FutureMigration(String name, int version, String status) {}

  /**
   * One migration {@code upAll} would run.
   *
   * @param name its name
   * @param version its version
   * @param direction {@code up} or {@code down}
   * @param steps the schema steps it would take or undo, where known ({@link
   *     com.lms.migrations.PlannedMigration#steps()}); left out when none are
   */
  public record PlannedStep(
      String name,
      int version,
      String direction,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> steps) {

    /**
     * A planned migration with no schema steps known.
     *
     * @param name its name
     * @param version its version
     * @param direction {@code up} or {@code down}
     */
    public PlannedStep(String name, int version, String direction) {
      this(name, version, direction, List.of());
    }
  }
}
