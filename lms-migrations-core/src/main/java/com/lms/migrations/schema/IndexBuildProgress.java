package com.lms.migrations.schema;

import com.lms.migrations.DurationText;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Logs, while an index builds, how far the server says the build got ({@code $currentOp}), or how
 * long it has been building where the server does not say.
 */
final class IndexBuildProgress implements AutoCloseable {

  private final ScheduledExecutorService timer;

  private IndexBuildProgress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static IndexBuildProgress watch(
      StepWork work, MongoDatabase admin, String collection, String name, Duration every) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "lms-migrations-index-build");
              thread.setDaemon(true);
              return thread;
            });
    long startedAt = System.nanoTime();
    String what = "index " + collection + "." + name;
    timer.scheduleAtFixedRate(
        () -> {
          String elapsed = DurationText.of(Duration.ofNanos(System.nanoTime() - startedAt));
          String progress = progress(admin, work.database().getName() + "." + collection, name);
          work.log()
              .info(
                  "Building {}: {} ({} so far)",
                  what,
                  progress == null ? "still building" : progress,
                  elapsed);
        },
        every.toNanos(),
        every.toNanos(),
        TimeUnit.NANOSECONDS);
    return new IndexBuildProgress(timer);
  }

  /** The server's message on the build (such as "scanning collection: 120000/400000 30%"). */
  private static String progress(MongoDatabase admin, String namespace, String name) {
    try {
      Document op =
          admin
              .aggregate(
                  List.of(
                      new Document("$currentOp", new Document()),
                      new Document(
                          "$match",
                          new Document("ns", namespace)
                              .append("command.createIndexes", new Document("$exists", true))
                              .append("command.indexes.name", name))))
              .first();
      return op == null ? null : op.getString("msg");
    } catch (RuntimeException e) {
      return null; // No $currentOp here, or not allowed: say only how long it has taken.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
