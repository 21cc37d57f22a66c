package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

/** A native image keeps the metadata that unknown properties are checked against. */
class KnownPropertiesRuntimeHintsTests {

  @Test
  void keepsTheConfigurationMetadataInANativeImage() {
    RuntimeHints hints = new RuntimeHints();

    new KnownPropertiesRuntimeHints().registerHints(hints, getClass().getClassLoader());

    assertThat(
            RuntimeHintsPredicates.resource()
                .forResource("META-INF/spring-configuration-metadata.json"))
        .accepts(hints);
  }

  @Test
  void springAotFindsTheRegistrar() {
    assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
        .hasAtLeastOneElementOfType(KnownPropertiesRuntimeHints.class);
  }
}
