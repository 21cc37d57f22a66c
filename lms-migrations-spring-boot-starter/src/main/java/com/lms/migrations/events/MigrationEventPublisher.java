package com.lms.migrations.events;

import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunSummary;
import com.lms.migrations.MigrationRunner;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes what a runner does as Spring application events. A {@link MigrationListener}: the
 * auto-configured runner collects it, as it collects every listener bean.
 */
public final class MigrationEventPublisher implements MigrationListener {

  private final Supplier<MigrationRunner> runner;
  private final ApplicationEventPublisher publisher;

  /**
   * Creates a publisher for one runner.
   *
   * @param runner the runner the events are about
   * @param publisher where events go
   */
  public MigrationEventPublisher(MigrationRunner runner, ApplicationEventPublisher publisher) {
    this(() -> runner, publisher);
  }

  /**
   * Creates a publisher for a runner that is built after it (the runner is built with its
   * listeners).
   *
   * @param runner gives the runner the events are about, once it is built
   * @param publisher where events go
   */
  public MigrationEventPublisher(
      Supplier<MigrationRunner> runner, ApplicationEventPublisher publisher) {
    this.runner = runner;
    this.publisher = publisher;
  }

  /** The listener of another database's runner (a tenant's): its events carry that runner. */
  @Override
  public MigrationListener forOtherDatabase(MigrationRunner other) {
    return new MigrationEventPublisher(other, publisher);
  }

  @Override
  public void migrationStarted(Migration migration, Direction direction) {
    publisher.publishEvent(new MigrationStartedEvent(runner.get(), migration, direction));
  }

  @Override
  public void migrationFinished(MigrationExecution execution) {
    if (!execution.succeeded()) {
      publisher.publishEvent(new MigrationFailedEvent(runner.get(), execution));
    } else if (execution.direction() == Direction.UP) {
      publisher.publishEvent(new MigrationCompletedEvent(runner.get(), execution));
    } else {
      publisher.publishEvent(new MigrationRolledBackEvent(runner.get(), execution));
    }
  }

  @Override
  public void runFinished(MigrationRunSummary summary) {
    publisher.publishEvent(new MigrationRunFinishedEvent(runner.get(), summary));
  }
}
