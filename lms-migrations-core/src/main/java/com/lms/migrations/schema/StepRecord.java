package com.lms.migrations.schema;

import java.util.Objects;
import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * What a migration recorded of one schema step: enough to recognise it when the migration runs
 * again and to undo it exactly.
 *
 * @param index the step's place in the migration, from 1
 * @param kind what kind of step, such as {@code createIndex}
 * @param collection the collection (or view) the step changes
 * @param subject what in the collection it changes: an index or field name, empty for the whole
 *     collection
 * @param state how far it got
 * @param description what was done, in words a person reads ("created index
 *     courses.dept_1_status_1"); what is about to be done while {@link State#STARTED}
 * @param data what undoing it needs, recorded before the step changed anything
 * @param undone what undoing it did, once {@link State#UNDONE}; {@code null} before
 */
public record StepRecord(
    int index,
    String kind,
    String collection,
    String subject,
    State state,
    String description,
    BsonDocument data,
    @Nullable String undone) {

  /** How far a step got. */
  public enum State {
    /** Its undo data is recorded; it may have changed something, or all of it. */
    STARTED,
    /** It is done. */
    DONE,
    /** It was undone, by the migration's rollback that has not finished yet. */
    UNDONE
  }

  /**
   * Checks the fields.
   *
   * @param index the step's place in the migration, from 1
   * @param kind what kind of step
   * @param collection the collection (or view) the step changes
   * @param subject what in the collection it changes, empty for the whole collection
   * @param state how far it got
   * @param description what was done, or what is about to be done while started
   * @param data what undoing it needs
   * @param undone what undoing it did, once undone; {@code null} before
   */
  public StepRecord {
    if (index < 1) {
      throw new IllegalArgumentException("index must be at least 1, was " + index);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(data, "data");
  }

  /**
   * The same step, undone.
   *
   * @param undoneAs what undoing it did
   * @return the record
   */
  public StepRecord undo(String undoneAs) {
    return new StepRecord(
        index, kind, collection, subject, State.UNDONE, description, data, undoneAs);
  }

  /** The step as a person reads it: its kind and what it changes. */
  String what() {
    return kind + " " + collection + (subject.isEmpty() ? "" : "." + subject);
  }
}
