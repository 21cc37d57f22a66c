package com.lms.migrations.events;

import com.lms.migrations.MigrationRunner;
import org.springframework.context.ApplicationEvent;

/** Base type of the application events published while migrations run. */
public abstract class MigrationEvent extends ApplicationEvent {

  /**
   * Creates an event.
   *
   * @param runner the runner that ran the migrations
   */
  protected MigrationEvent(MigrationRunner runner) {
    super(runner);
  }

  /**
   * The runner that ran the migrations.
   *
   * @return the runner
   */
  public MigrationRunner getRunner() {
    return (MigrationRunner) getSource();
  }
}
