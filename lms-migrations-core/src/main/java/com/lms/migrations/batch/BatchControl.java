package com.lms.migrations.batch;

import org.jspecify.annotations.Nullable;

/**
 * What a batch job asks its run between batches: the rate limit to apply now, and whether to go on.
 * Implemented by the engine; applications do not implement it.
 */
public interface BatchControl {

  /**
   * The most documents per second to allow now.
   *
   * @param configured the job's own setting ({@code 0}: no limit)
   * @return the limit to apply from the next batch ({@code 0}: no limit)
   */
  long maxPerSecond(long configured);

  /**
   * Called after each checkpointed batch; may stop the run here, to carry on later, by throwing.
   *
   * @param job the job, as named in logs
   * @param processed documents processed so far
   * @param total documents the job will process, when counted first
   */
  void batchDone(String job, long processed, @Nullable Long total);
}
