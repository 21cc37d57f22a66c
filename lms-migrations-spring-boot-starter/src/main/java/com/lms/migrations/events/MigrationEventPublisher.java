package com.lms.migrations.events;

import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunSummary;
import com.lms.migrations.MigrationRunner;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes what a runner does as Spring application events. A {@link MigrationListener}: the
 * auto-configured runner collects it, as it collects every listener bean.
 */
public final class MigrationEventPublisher implements MigrationListener {

  private final Supplier<MigrationRunner> runner;
  private final ApplicationEventPublisher publisher;
  private final Function<String, @Nullable MigrationRunner> runnerOfDatabase;

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
    this(runner, publisher, database -> null);
  }

  /**
   * Creates a publisher whose events about another database's runner (a tenant's, see {@link
   * MigrationRunner#forDatabase(String)}) carry that runner.
   *
   * @param runner gives the runner the events are about, once it is built
   * @param publisher where events go
   * @param runnerOfDatabase gives the runner of another database when an event about it is
   *     published, or {@code null} when it does not know it (the events then carry {@code runner})
   */
  public MigrationEventPublisher(
      Supplier<MigrationRunner> runner,
      ApplicationEventPublisher publisher,
      Function<String, @Nullable MigrationRunner> runnerOfDatabase) {
    this.runner = runner;
    this.publisher = publisher;
    this.runnerOfDatabase = runnerOfDatabase;
  }

  /** The listener of another database's runner: its events carry that runner. */
  @Override
  public MigrationListener forDatabase(String database) {
    Supplier<MigrationRunner> base = runner;
    return new MigrationEventPublisher(
        () -> {
          // Looked up when an event is published: the runner is being built when this is called.
          MigrationRunner other = runnerOfDatabase.apply(database);
          return other != null ? other : base.get();
        },
        publisher,
        runnerOfDatabase);
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
