package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;

/**
 * Customizes the auto-configured {@link MigrationRunner} before it is used, for example to add a
 * listener or register migrations that are not beans. Beans of this type are applied in {@link
 * org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface MigrationRunnerCustomizer {

  /**
   * Customizes the runner.
   *
   * @param runner the runner, with every {@code Migration} bean registered
   */
  void customize(MigrationRunner runner);
}
