package com.lms.migrations.actuate.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for the JSON the {@code migrations} endpoint writes, for native images: the
 * records it returns and every type they hold ({@code MigrationLogEntry}, {@code
 * MigrationHistoryEntry}, {@code LockHolder}, ...). Its write operations return {@code Object}, so
 * Spring Boot cannot infer these types from the operation signatures. Registered in {@code
 * META-INF/spring/aot.factories}.
 */
class MigrationsEndpointRuntimeHints implements RuntimeHintsRegistrar {

  private final BindingReflectionHintsRegistrar bindingHints =
      new BindingReflectionHintsRegistrar();

  @Override
  public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
    bindingHints.registerReflectionHints(
        hints.reflection(),
        MigrationsReport.class,
        MigrationDescriptor.class,
        MigrationDetails.class,
        RolledBackMigration.class,
        TenantsReport.class);
  }
}
