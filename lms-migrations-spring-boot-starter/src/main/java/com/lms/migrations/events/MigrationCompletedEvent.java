package com.lms.migrations.events;

import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationRunner;

/** A migration was applied. */
public class MigrationCompletedEvent extends MigrationEvent {

  private final transient MigrationExecution execution;

  /**
   * Creates the event.
   *
   * @param runner the runner
   * @param execution what ran
   */
  public MigrationCompletedEvent(MigrationRunner runner, MigrationExecution execution) {
    super(runner);
    this.execution = execution;
  }

  /**
   * What ran: name, version, direction, outcome, duration and failure.
   *
   * @return the execution
   */
  public MigrationExecution getExecution() {
    return execution;
  }
}
