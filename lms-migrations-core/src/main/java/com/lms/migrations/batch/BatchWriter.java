package com.lms.migrations.batch;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Writes a streaming batch job's batches on a thread of its own, so that the job reads and
 * transforms the next batch while the server applies this one. At most one batch is in flight: the
 * next is handed over only once the one before has been written and checkpointed, so checkpoints
 * stay in order and memory stays at two batches. Closing waits for the batch in flight, so no write
 * lands after the job has ended, however it ended.
 */
final class BatchWriter implements AutoCloseable {

  /** What a written batch leaves behind. */
  record Written(long writes, long processed) {}

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread writer = new Thread(task, "lms-migrations-batch-writer");
            writer.setDaemon(true);
            return writer;
          });
  private @Nullable Future<Written> inFlight;

  /** Starts writing a batch; {@link #await()} the one before first. */
  void submit(Callable<Written> write) {
    if (inFlight != null) {
      throw new IllegalStateException("a batch is in flight already");
    }
    inFlight = thread.submit(write);
  }

  /**
   * Waits for the batch in flight, even when the thread is interrupted (the flag is kept).
   *
   * @return the batch that was in flight, or {@code null} when none was
   * @throws RuntimeException what writing it threw
   */
  @Nullable Written await() {
    Future<Written> pending = inFlight;
    inFlight = null;
    if (pending == null) {
      return null;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pending.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the batch in flight and stops the thread. */
  @Override
  public void close() {
    try {
      await();
    } finally {
      thread.shutdown();
    }
  }
}
