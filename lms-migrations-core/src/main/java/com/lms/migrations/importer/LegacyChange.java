package com.lms.migrations.importer;

import com.lms.migrations.MigrationRunner;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change as another migration tool recorded it, read by {@link
 * MigrationRunner#planImport(HistorySource)}.
 *
 * @param id the tool's id of the change: Mongock's and mongobee's {@code changeId}, migrate-mongo's
 *     {@code fileName}, Flyway's {@code version}
 * @param state whether the tool applied it
 * @param at when the tool last ran it, {@code null} when it did not say
 * @param durationMs how long that took in milliseconds, {@code null} when it did not say
 * @param author who wrote or applied it, {@code null} when it did not say
 * @param host the host that applied it, {@code null} when it did not say
 * @param sourceId the {@code _id} of the document the state was read from
 * @param error the error the tool recorded, {@code null} when none
 */
public record LegacyChange(
    String id,
    State state,
    @Nullable Instant at,
    @Nullable Long durationMs,
    @Nullable String author,
    @Nullable String host,
    String sourceId,
    @Nullable String error) {

  /** Where the old tool left a change. */
  public enum State {
    /** Applied, as the tool itself decides. */
    APPLIED,
    /** Never applied, rolled back or only ignored: the replacing migration runs as usual. */
    NOT_APPLIED,
    /** Failed or half rolled back: its changes may be partly in the database. */
    FAILED
  }

  /**
   * Checks the values.
   *
   * @param id the tool's id of the change: Mongock's and mongobee's {@code changeId},
   *     migrate-mongo's {@code fileName}, Flyway's {@code version}
   * @param state whether the tool applied it
   * @param at when the tool last ran it, {@code null} when it did not say
   * @param durationMs how long that took in milliseconds, {@code null} when it did not say
   * @param author who wrote or applied it, {@code null} when it did not say
   * @param host the host that applied it, {@code null} when it did not say
   * @param sourceId the {@code _id} of the document the state was read from
   * @param error the error the tool recorded, {@code null} when none
   */
  public LegacyChange {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(sourceId, "sourceId must not be null");
  }
}
