package com.lms.migrations.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lms.migrations.schema.StepRecord;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One schema step a migration recorded, as {@code GET /actuator/migrations/{name}} shows it.
 *
 * @param step its place in the migration, from 1
 * @param kind what kind of step, such as {@code createIndex}
 * @param collection the collection (or view) it changes
 * @param state {@code started}, {@code done} or {@code undone}
 * @param description what it did, in words a person reads
 * @param undone what undoing it did, once undone; left out before
 */
public record SchemaStepDescriptor(
    int step,
    String kind,
    String collection,
    String state,
    String description,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String undone) {

  static SchemaStepDescriptor of(StepRecord record) {
    return new SchemaStepDescriptor(
        record.index(),
        record.kind(),
        record.collection(),
        record.state().name().toLowerCase(Locale.ROOT),
        record.description(),
        record.undone());
  }
}
