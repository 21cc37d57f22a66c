package com.lms.migrations;

import java.util.List;

/**
 * One step of a plan: a migration that would be run, and which way.
 *
 * @param name the migration's name
 * @param version the migration's version
 * @param direction apply or roll back
 * @param steps the {@linkplain MigrationContext#schema() schema steps} it would take or undo, where
 *     they are known, in words a person reads. A rollback lists the recorded steps it undoes,
 *     newest first. An apply lists the steps an earlier run took (done ones are not taken again)
 *     or, after a rollback, the steps its last run took; a migration that never ran has none
 *     listed, since a plan never runs migration code
 */
public record PlannedMigration(String name, int version, Direction direction, List<String> steps) {

  /**
   * Copies the steps.
   *
   * @param name the migration's name
   * @param version the migration's version
   * @param direction apply or roll back
   * @param steps the schema steps it would take or undo, where they are known
   */
  public PlannedMigration {
    steps = List.copyOf(steps);
  }

  /**
   * A step of a plan with no schema steps known.
   *
   * @param name the migration's name
   * @param version the migration's version
   * @param direction apply or roll back
   */
  public PlannedMigration(String name, int version, Direction direction) {
    this(name, version, direction, List.of());
  }

  static PlannedMigration of(Migration migration, Direction direction) {
    return new PlannedMigration(migration.name(), migration.version(), direction);
  }

  PlannedMigration withSteps(List<String> known) {
    return new PlannedMigration(name, version, direction, known);
  }
}
