package com.lms.migrations.batch;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * A job as it starts: where it resumes, what earlier runs of it did, and its progress lines and
 * throttle.
 *
 * @param processed documents processed by the runs it resumes
 * @param written writes sent by the runs it resumes
 */
record JobStart(
    JobKey key,
    String job,
    BsonIds ids,
    @Nullable BsonValue resumedAfter,
    long processed,
    long written,
    @Nullable Long total,
    BatchProgress progress,
    Throttle throttle,
    BatchEnvironment environment,
    LongSupplier nanoTime,
    long startedAt) {

  BatchEnvironment.Checkpoints checkpoints() {
    return environment.checkpoints();
  }

  /** Tells the run's controls how far the job got; they may stop the run here. */
  void batchDone(long processedSoFar) {
    environment.control().batchDone(job, processedSoFar, total);
  }

  /** The filter, restricted to the documents after the checkpoint. */
  Bson remaining(Bson filter) {
    return BatchJob.remaining(filter, resumedAfter);
  }

  /**
   * The job's result, logged.
   *
   * @param processedInAllRuns documents processed, by this run and the runs it resumes
   * @param writtenThisRun writes this run sent
   */
  BatchResult finish(long processedInAllRuns, long writtenThisRun) {
    BatchResult result =
        new BatchResult(
            processedInAllRuns,
            writtenThisRun,
            ids.toJava(resumedAfter),
            Duration.ofNanos(nanoTime.getAsLong() - startedAt),
            processedInAllRuns - processed,
            written + writtenThisRun);
    progress.finished(result);
    return result;
  }
}
