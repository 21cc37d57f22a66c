package com.lms.migrations.batch;

import com.lms.migrations.DurationText;
import com.lms.migrations.MigrationLogger;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** Reports a batch job's progress to the migration's log every so often. */
final class BatchProgress {

  private final MigrationLogger log;
  private final String job;
  private final @Nullable Long total;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final long start;
  private final long alreadyDone;
  private long lastReport;

  BatchProgress(
      MigrationLogger log,
      String job,
      @Nullable Long total,
      Duration interval,
      LongSupplier nanoTime,
      long alreadyDone) {
    this.log = log;
    this.job = job;
    this.total = total;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.lastReport = start;
    this.alreadyDone = alreadyDone;
  }

  void batchWritten(long processed) {
    long now = nanoTime.getAsLong();
    if (now - lastReport < intervalNanos) {
      return;
    }
    lastReport = now;
    double rate = rate(processed, now);
    if (total != null && total > 0 && rate > 0) {
      long remaining = Math.max(0, total - processed);
      log.info(
          "{}: processed {} of {} documents ({}%) at {} docs/s, about {} to go",
          job,
          processed,
          total,
          processed * 100 / total,
          Math.round(rate),
          DurationText.of(Duration.ofMillis(Math.round(remaining * 1000 / rate))));
    } else {
      log.info("{}: processed {} documents at {} docs/s", job, processed, Math.round(rate));
    }
  }

  void finished(BatchResult result) {
    long now = nanoTime.getAsLong();
    String took = DurationText.of(Duration.ofNanos(now - start));
    long rate = Math.round(rate(result.processed(), now));
    if (result.resumedAfter() == null) {
      log.info(
          "{}: done, {} documents processed and {} writes in {} ({} docs/s)",
          job,
          result.processed(),
          result.written(),
          took,
          rate);
      return;
    }
    log.info(
        "{}: done, {} documents processed ({} in this run) and {} writes in this run ({} in all"
            + " runs) in {} ({} docs/s)",
        job,
        result.processed(),
        result.processedThisRun(),
        result.written(),
        result.writtenInAllRuns(),
        took,
        rate);
  }

  private double rate(long processed, long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    return (processed - alreadyDone) / seconds;
  }
}
