package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;

/**
 * Customizes the builder of the auto-configured {@link MigrationRunner} before the runner is built,
 * for example to register migrations that are not beans, add a listener or use another clock. Beans
 * of this type are applied in {@link org.springframework.core.annotation.Order order}, after every
 * {@code Migration} and {@code MigrationListener} bean was added and the properties applied. The
 * built runner is never changed afterwards.
 */
@FunctionalInterface
public interface MigrationRunnerCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, with the properties' settings, every {@code Migration} bean and
   *     every {@code MigrationListener} bean
   */
  void customize(MigrationRunner.Builder builder);
}
