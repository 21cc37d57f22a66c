package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.background.BackgroundProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How far a background migration got, as the endpoint shows it under {@code "background"}.
 *
 * @param state {@code queued}, {@code running}, {@code paused}, {@code completed} or {@code failed}
 * @param processed documents its batch jobs processed so far
 * @param total documents its job expected to process, or null when it did not count them (or has
 *     not started)
 * @param percent the share done, from 0 to 100 with one decimal, or null when the total is unknown
 * @param documentsPerSecond the rate of the current (or last) run with one decimal, 0 before any
 *     batch
 * @param etaSeconds about how many seconds the rest takes at the current rate, or null unless it is
 *     running with a known total and rate
 * @param maxPerSecond the throttle an operator set at run time, 0 when none (the code's own limit
 *     applies)
 * @param job the batch job that reported last, or null before any did
 * @param host the host running it, or null unless it is running
 * @param updatedAt when progress was last recorded, or null before any batch
 */
public record BackgroundDescriptor(
    String state,
    long processed,
    @Nullable Long total,
    @Nullable Double percent,
    double documentsPerSecond,
    @Nullable Long etaSeconds,
    long maxPerSecond,
    @Nullable String job,
    @Nullable String host,
    @Nullable Instant updatedAt) {

  static BackgroundDescriptor of(BackgroundProgress progress) {
    return new BackgroundDescriptor(
        progress.state().name().toLowerCase(Locale.ROOT),
        progress.processed(),
        progress.total(),
        progress.percent().map(BackgroundDescriptor::oneDecimal).orElse(null),
        oneDecimal(progress.documentsPerSecond()),
        progress.eta().map(BackgroundDescriptor::seconds).orElse(null),
        progress.maxPerSecond(),
        progress.job(),
        progress.host(),
        progress.updatedAt());
  }

  private static double oneDecimal(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static long seconds(Duration eta) {
    return Math.round(eta.toMillis() / 1000.0);
  }
}
