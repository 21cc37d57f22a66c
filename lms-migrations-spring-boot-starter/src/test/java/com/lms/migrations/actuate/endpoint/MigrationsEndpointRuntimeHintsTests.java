package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.LockHolder;
import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationLogEntry;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

/** A native image can write the endpoint's JSON: every record it returns is open to reflection. */
class MigrationsEndpointRuntimeHintsTests {

  private final RuntimeHints hints = new RuntimeHints();

  @Test
  void theRecordsTheEndpointReturnsCanBeWrittenAsJson() {
    new MigrationsEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());

    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationsReport.class, "currentVersion"))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection().onMethodInvocation(MigrationsReport.class, "lock"))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationsReport.PlannedStep.class, "direction"))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationsReport.FutureMigration.class, "status"))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationDescriptor.class, "executedAt"))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationDetails.class, "history"))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(WriteAccess.class, "hint"))
        .accepts(hints);
  }

  @Test
  void theCoreTypesInsideThemCanBeWrittenToo() {
    new MigrationsEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());

    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationLogEntry.class, "message"))
        .accepts(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MigrationHistoryEntry.class, "outcome"))
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LockHolder.class, "owner"))
        .accepts(hints);
  }

  @Test
  void springAotFindsTheRegistrar() {
    assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
        .hasAtLeastOneElementOfType(MigrationsEndpointRuntimeHints.class);
  }
}
