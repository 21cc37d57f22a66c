package com.lms.migrations.observation;

import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import com.lms.migrations.MigrationRunner;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Makes each migration run (one migration, one direction) a Micrometer {@link Observation}: a span
 * when tracing is on, the {@code lms.migrations.execution} timer when metrics are. A {@link
 * MigrationListener}: the observation starts when the runner says a migration starts and stops when
 * it says it finished, on the same thread; it is current meanwhile, so what the migration observes
 * (its MongoDB commands, for example) nests under it, and it nests under whatever observation is
 * current when the migration starts (the startup run, an HTTP request to the endpoint). With {@link
 * ObservationRegistry#NOOP} it does nothing.
 */
public final class MigrationObservations implements MigrationListener {

  private static final DefaultMigrationObservationConvention DEFAULT_CONVENTION =
      new DefaultMigrationObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable MigrationObservationConvention convention;
  private final @Nullable String tenant;
  private final ThreadLocal<Deque<Running>> running = ThreadLocal.withInitial(ArrayDeque::new);

  /**
   * Observes with the default convention.
   *
   * @param registry where observations go
   */
  public MigrationObservations(ObservationRegistry registry) {
    this(registry, null);
  }

  /**
   * Observes with a convention of your own.
   *
   * @param registry where observations go
   * @param convention names and tags the observations, or {@code null} for the default
   */
  public MigrationObservations(
      ObservationRegistry registry, @Nullable MigrationObservationConvention convention) {
    this(registry, convention, null);
  }

  private MigrationObservations(
      ObservationRegistry registry,
      @Nullable MigrationObservationConvention convention,
      @Nullable String tenant) {
    this.registry = registry;
    this.convention = convention;
    this.tenant = tenant;
  }

  /** The listener of a tenant's runner: its observations carry the tenant. */
  @Override
  public MigrationListener forOtherDatabase(MigrationRunner runner) {
    return new MigrationObservations(registry, convention, runner.getDatabaseName());
  }

  /**
   * Whether migration runs are observed at all: the registry has handlers, and no predicate (such
   * as Spring Boot's {@code management.observations.enable.lms.migrations=false}) turns the
   * observation off.
   *
   * @return {@code false} when every observation of a migration run would be a no-op
   */
  public boolean isObserving() {
    MigrationObservationContext probe = new MigrationObservationContext("", 0, Direction.UP);
    return !MigrationObservationDocumentation.MIGRATION
        .observation(convention, DEFAULT_CONVENTION, () -> probe, registry)
        .isNoop();
  }

  @Override
  public void migrationStarted(Migration migration, Direction direction) {
    MigrationObservationContext context =
        new MigrationObservationContext(migration.name(), migration.version(), direction, tenant);
    Observation observation =
        MigrationObservationDocumentation.MIGRATION
            .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
            .start();
    running
        .get()
        .push(new Running(migration.name(), context, observation, observation.openScope()));
  }

  @Override
  public void migrationFinished(MigrationExecution execution) {
    Deque<Running> runs = running.get();
    Running run = runs.peek();
    if (run == null || !run.migration().equals(execution.name())) {
      if (runs.isEmpty()) {
        running.remove();
      }
      return; // not started through this listener on this thread
    }
    runs.pop();
    if (runs.isEmpty()) {
      running.remove();
    }
    run.context().setExecution(execution);
    if (execution.failure() != null) {
      run.observation().error(execution.failure());
    }
    run.scope().close();
    run.observation().stop();
  }

  private record Running(
      String migration,
      MigrationObservationContext context,
      Observation observation,
      Observation.Scope scope) {}
}
