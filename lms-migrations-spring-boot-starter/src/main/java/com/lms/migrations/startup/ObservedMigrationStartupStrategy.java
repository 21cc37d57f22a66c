package com.lms.migrations.startup;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.observation.MigrationObservationDocumentation;
import com.lms.migrations.observation.MigrationObservationDocumentation.MigrationKeyNames;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the startup run one observation ({@value MigrationObservationDocumentation#STARTUP_NAME}),
 * current while it runs, so that the observation of each migration it runs is its child. Tagged
 * {@code outcome} ({@code success}, {@code failure}).
 */
public final class ObservedMigrationStartupStrategy implements MigrationStartupStrategy {

  private final MigrationStartupStrategy delegate;
  private final ObservationRegistry registry;

  private ObservedMigrationStartupStrategy(
      MigrationStartupStrategy delegate, ObservationRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  /**
   * The strategy, observed unless observations are off.
   *
   * @param strategy what startup does
   * @param registry where observations go; {@link ObservationRegistry#NOOP} when there is none
   * @return the observed strategy, or {@code strategy} itself without observations
   */
  public static MigrationStartupStrategy observe(
      MigrationStartupStrategy strategy, ObservationRegistry registry) {
    return registry.isNoop() ? strategy : new ObservedMigrationStartupStrategy(strategy, registry);
  }

  @Override
  public void migrate(MigrationRunner runner) {
    observed(
        () -> {
          delegate.migrate(runner);
          return null;
        });
  }

  @Override
  public Optional<MigrationStartupResult> migrateAndReport(MigrationRunner runner) {
    return observed(() -> delegate.migrateAndReport(runner));
  }

  private <T> T observed(Supplier<T> run) {
    Observation observation = MigrationObservationDocumentation.STARTUP.start(registry);
    try (Observation.Scope scope = observation.openScope()) {
      T result = run.get();
      observation.lowCardinalityKeyValue(MigrationKeyNames.OUTCOME.withValue("success"));
      return result;
    } catch (RuntimeException | Error e) {
      observation.lowCardinalityKeyValue(MigrationKeyNames.OUTCOME.withValue("failure"));
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }
}
