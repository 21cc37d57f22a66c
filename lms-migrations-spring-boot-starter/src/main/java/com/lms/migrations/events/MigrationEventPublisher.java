package com.lms.migrations.events;

import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunSummary;
import com.lms.migrations.MigrationRunner;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes what a runner does as Spring application events. */
public final class MigrationEventPublisher implements MigrationListener {

  private final MigrationRunner runner;
  private final ApplicationEventPublisher publisher;

  /**
   * Creates a publisher for one runner.
   *
   * @param runner the runner the events are about
   * @param publisher where events go
   */
  public MigrationEventPublisher(MigrationRunner runner, ApplicationEventPublisher publisher) {
    this.runner = runner;
    this.publisher = publisher;
  }

  @Override
  public void migrationStarted(Migration migration, Direction direction) {
    publisher.publishEvent(new MigrationStartedEvent(runner, migration, direction));
  }

  @Override
  public void migrationFinished(MigrationExecution execution) {
    if (!execution.succeeded()) {
      publisher.publishEvent(new MigrationFailedEvent(runner, execution));
    } else if (execution.direction() == Direction.UP) {
      publisher.publishEvent(new MigrationCompletedEvent(runner, execution));
    } else {
      publisher.publishEvent(new MigrationRolledBackEvent(runner, execution));
    }
  }

  @Override
  public void runFinished(MigrationRunSummary summary) {
    publisher.publishEvent(new MigrationsRunFinishedEvent(runner, summary));
  }
}
