package com.lms.migrations.events;

import com.lms.migrations.MigrationRunSummary;
import com.lms.migrations.MigrationRunner;

/**
 * A whole run ({@code upAll}, {@code upTo}, {@code migrate} or {@code rollbackTo}) finished, well
 * or not. A {@code migrate} refused by validation is not a run: nothing ran.
 */
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
