package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Applies migrations at startup, before every other {@link ApplicationRunner} and before the
 * application reports itself ready for traffic. A failure stops startup unless {@code
 * lms.migrations.fail-on-error=false}, in which case it is logged once and shown in health.
 */
public class MigrationStartupRunner implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(MigrationStartupRunner.class);

  private final MigrationRunner runner;
  private final MigrationStartupStrategy strategy;
  private final boolean failOnError;
  private volatile RuntimeException failure;

  /**
   * Creates the startup runner.
   *
   * @param runner the migration runner
   * @param strategy what to do at startup
   * @param failOnError whether a failure stops startup
   */
  public MigrationStartupRunner(
      MigrationRunner runner, MigrationStartupStrategy strategy, boolean failOnError) {
    this.runner = runner;
    this.strategy = strategy;
    this.failOnError = failOnError;
  }

  @Override
  public void run(ApplicationArguments args) {
    try {
      strategy.migrate(runner);
    } catch (RuntimeException e) {
      if (failOnError) {
        throw e;
      }
      failure = e;
      log.error(
          "Migrations failed; starting anyway because lms.migrations.fail-on-error=false. {}",
          e.getMessage(),
          e);
    }
  }

  /**
   * Why startup migrations failed, when the application started anyway ({@code
   * fail-on-error=false}); shown by the {@code migrations} health indicator.
   *
   * @return the failure, or empty when startup migrations succeeded (or have not run)
   */
  public Optional<RuntimeException> getFailure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
