package com.lms.migrations.events;

import com.lms.migrations.MigrationRunSummary;
import com.lms.migrations.MigrationRunner;

/** A whole run ({@code upAll}, {@code upTo} or {@code rollbackTo}) finished, well or not. */
public class MigrationRunFinishedEvent extends MigrationEvent {

  private final transient MigrationRunSummary summary;

  /**
   * Creates the event.
   *
   * @param runner the runner
   * @param summary what the run did
   */
  public MigrationRunFinishedEvent(MigrationRunner runner, MigrationRunSummary summary) {
    super(runner);
    this.summary = summary;
  }

  /**
   * What the run did.
   *
   * @return the summary
   */
  public MigrationRunSummary getSummary() {
    return summary;
  }
}
