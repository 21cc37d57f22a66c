package com.lms.migrations.events;

import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;

/** A migration is about to be applied or rolled back. */
public class MigrationStartedEvent extends MigrationEvent {

  private final transient Migration migration;

  /** Which way the migration runs. */
  private final Direction direction;

  /**
   * Creates the event.
   *
   * @param runner the runner
   * @param migration the migration about to run
   * @param direction which way
   */
  public MigrationStartedEvent(MigrationRunner runner, Migration migration, Direction direction) {
    super(runner);
    this.migration = migration;
    this.direction = direction;
  }

  /**
   * The migration about to run.
   *
   * @return the migration
   */
  public Migration getMigration() {
    return migration;
  }

  /**
   * Which way it runs.
   *
   * @return the direction
   */
  public Direction getDirection() {
    return direction;
  }
}
