package com.lms.migrations.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationLogEntry;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/migrations/{name}} answers: the fields of {@link MigrationDescriptor},
 * the stored logs and the history of actions.
 *
 * @param name its name
 * @param version its version
 * @param description its description
 * @param status {@code pending}, {@code running}, {@code completed} or {@code failed}
 * @param executedAt when it last started to run, or null
 * @param executionTime how long that took in milliseconds, or null
 * @param error the last error, or null
 * @param background for a background migration, how far it got; null for a regular migration
 * @param logs the stored log lines, oldest first
 * @param history every recorded action, oldest first
 * @param changed for an applied migration whose code changed since it was applied, the recorded and
 *     the current fingerprint; left out otherwise
 * @param schemaSteps the schema steps it recorded (taken by its last run, or undone by its last
 *     rollback), by index; left out when it took none
 */
public record MigrationDetails(
    String name,
    int version,
    String description,
    String status,
    Instant executedAt,
    Long executionTime,
    String error,
    @Nullable BackgroundDescriptor background,
    List<MigrationLogEntry> logs,
    List<MigrationHistoryEntry> history,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ChangedCode changed,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SchemaStepDescriptor> schemaSteps) {

  /**
   * Details without a change of the migration's code.
   *
   * @param name its name
   * @param version its version
   * @param description its description
   * @param status {@code pending}, {@code running}, {@code completed} or {@code failed}
   * @param executedAt when it last started to run, or null
   * @param executionTime how long that took in milliseconds, or null
   * @param error the last error, or null
   * @param background for a background migration, how far it got; null for a regular migration
   * @param logs the stored log lines, oldest first
   * @param history every recorded action, oldest first
   */
  public MigrationDetails(
      String name,
      int version,
      String description,
      String status,
      Instant executedAt,
      Long executionTime,
      String error,
      @Nullable BackgroundDescriptor background,
      List<MigrationLogEntry> logs,
      List<MigrationHistoryEntry> history) {
    this(
        name,
        version,
        description,
        status,
        executedAt,
        executionTime,
        error,
        background,
        logs,
        history,
        null,
        List.of());
  }

  static MigrationDetails of(
      MigrationDescriptor status,
      List<MigrationLogEntry> logs,
      List<MigrationHistoryEntry> history,
      List<SchemaStepDescriptor> schemaSteps) {
    return new MigrationDetails(
        status.name(),
        status.version(),
        status.description(),
        status.status(),
        status.executedAt(),
        status.executionTime(),
        status.error(),
        status.background(),
        logs,
        history,
        status.changed(),
        schemaSteps);
  }
}
