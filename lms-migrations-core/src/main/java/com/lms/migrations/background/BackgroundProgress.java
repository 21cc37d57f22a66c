package com.lms.migrations.background;

import com.lms.migrations.MigrationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How far a {@link BackgroundMigration} got, from its status and the progress its batch jobs record
 * after every batch.
 *
 * @param name the migration's name
 * @param version its version
 * @param state where it stands
 * @param status its recorded status
 * @param job the batch job that reported last, {@code null} before any did
 * @param processed documents its batch jobs processed so far (in the current run, including what
 *     earlier runs of it checkpointed)
 * @param total documents the job expected to process, {@code null} when it did not count them
 * @param documentsPerSecond the rate of the current (or last) run, 0 before any batch
 * @param maxPerSecond the throttle an operator set at run time, 0 when none (the job's own applies)
 * @param host the host running it, {@code null} unless it is running
 * @param updatedAt when progress was last recorded, {@code null} before any batch
 */
public record BackgroundProgress(
    String name,
    int version,
    BackgroundState state,
    MigrationStatus status,
    @Nullable String job,
    long processed,
    @Nullable Long total,
    double documentsPerSecond,
    long maxPerSecond,
    @Nullable String host,
    @Nullable Instant updatedAt) {

  /**
   * The share done, from 0 to 100.
   *
   * @return the percentage, or empty when the total is unknown
   */
  public Optional<Double> percent() {
    if (state == BackgroundState.COMPLETED) {
      return Optional.of(100.0);
    }
    if (total == null) {
      return Optional.empty();
    }
    return Optional.of(total == 0 ? 100.0 : Math.min(100.0, processed * 100.0 / total));
  }

  /**
   * About how long the rest takes at the current rate.
   *
   * @return the estimate, or empty when the total or the rate is unknown, or it is not running
   */
  public Optional<Duration> eta() {
    if (state != BackgroundState.RUNNING || total == null || documentsPerSecond <= 0) {
      return Optional.empty();
    }
    long remaining = Math.max(0, total - processed);
    return Optional.of(Duration.ofMillis(Math.round(remaining * 1000 / documentsPerSecond)));
  }

  /**
   * One line for logs and error messages: {@code backfill_course_level: running, 41% (82,000 of
   * 200,000 documents), 5,100 docs/s, about 23 s to go}.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder text = new StringBuilder(name).append(": ").append(stateName());
    if (state == BackgroundState.COMPLETED) {
      return text.toString();
    }
    if (total != null) {
      text.append(String.format(java.util.Locale.ROOT, ", %.0f%%", percent().orElse(0.0)))
          .append(
              String.format(java.util.Locale.ROOT, " (%,d of %,d documents)", processed, total));
    } else if (processed > 0) {
      text.append(String.format(java.util.Locale.ROOT, ", %,d documents", processed));
    }
    if (state == BackgroundState.RUNNING && documentsPerSecond > 0) {
      text.append(String.format(java.util.Locale.ROOT, ", %,.0f docs/s", documentsPerSecond));
    }
    eta().ifPresent(eta -> text.append(", about ").append(eta.toSeconds()).append(" s to go"));
    if (state == BackgroundState.FAILED && status.error() != null) {
      text.append(": ").append(status.error());
    }
    return text.toString();
  }

  private String stateName() {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }
}
