package com.lms.migrations.metrics;

import com.lms.migrations.background.BackgroundProgress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The progress of every background migration, read at most once per time to live, so that a scrape
 * reading every gauge reads the database once. A failed read is kept for the time to live too, so
 * that an unreachable database costs one read per scrape, not one per gauge.
 */
final class CachedBackgroundProgress {

  private final Supplier<List<BackgroundProgress>> read;
  private final long timeToLiveNanos;
  private final LongSupplier nanoTime;
  private @Nullable Map<String, BackgroundProgress> snapshot;
  private boolean hasRead;
  private long readAt;

  CachedBackgroundProgress(
      Supplier<List<BackgroundProgress>> read, Duration timeToLive, LongSupplier nanoTime) {
    this.read = read;
    this.timeToLiveNanos = timeToLive.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * One background migration's progress, as last read.
   *
   * @return its progress, or null when the database could not be read (or it is not registered)
   */
  synchronized @Nullable BackgroundProgress get(String name) {
    long now = nanoTime.getAsLong();
    if (!hasRead || now - readAt >= timeToLiveNanos) {
      snapshot = readAll();
      readAt = now;
      hasRead = true;
    }
    return snapshot == null ? null : snapshot.get(name);
  }

  private @Nullable Map<String, BackgroundProgress> readAll() {
    try {
      Map<String, BackgroundProgress> byName = new LinkedHashMap<>();
      read.get().forEach(progress -> byName.put(progress.name(), progress));
      return byName;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
