package com.lms.migrations.diagnostics;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Keeps the configuration metadata that {@link KnownProperties} reads in a native image, so that
 * mistyped {@code lms.migrations.*} properties are still reported there. Registered in {@code
 * META-INF/spring/aot.factories}.
 */
class KnownPropertiesRuntimeHints implements RuntimeHintsRegistrar {

  @Override
  public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
    hints.resources().registerPattern(KnownProperties.METADATA);
  }
}
