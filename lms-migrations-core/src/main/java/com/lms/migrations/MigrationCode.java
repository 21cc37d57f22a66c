package com.lms.migrations;

/**
 * Runs a migration's own code in one direction: {@code up}; or {@code down}, then the undo of the
 * schema steps it recorded (the steps usually come first in {@code up}, so they are undone last).
 */
final class MigrationCode {

  private MigrationCode() {}

  /**
   * @param wasApplied whether the migration was recorded as applied before this run, or as failed
   *     half way through a rollback
   * @return what it threw, {@link Error}s included (otherwise it would stay RUNNING); {@code null}
   *     when it returned
   */
  static Throwable run(
      Migration migration,
      Direction direction,
      RunningMigrationContext context,
      boolean wasApplied) {
    try {
      if (direction == Direction.UP) {
        migration.up(context);
      } else {
        migration.down(context);
        if (context.undoSchemaSteps() == 0 && wasApplied && !hasOwnDown(migration)) {
          // Nothing to roll it back with: say so rather than record it pending, changes in place.
          throw new IllegalStateException(
              "Migration '"
                  + migration.name()
                  + "' has no down() of its own and no recorded schema steps to undo: it was"
                  + " applied before its steps were recorded, or marked applied. Undo its changes"
                  + " by hand, then mark it pending");
        }
      }
      return null;
    } catch (Throwable e) {
      return e;
    }
  }

  /** Whether the migration's class (or a superclass) implements {@link Migration#down}. */
  private static boolean hasOwnDown(Migration migration) {
    try {
      return migration.getClass().getMethod("down", MigrationContext.class).getDeclaringClass()
          != Migration.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }
}
