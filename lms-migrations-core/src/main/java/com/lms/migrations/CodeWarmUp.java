package com.lms.migrations;

import com.lms.migrations.fingerprint.MigrationFingerprints;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the migrations' class files ahead of time on a thread of its own, so that the thread that
 * runs migrations finds them done: when a runner is built, the sums a restart compares (an
 * application builds its runner while its context starts, well before migrations run); when a run
 * is about to apply migrations, their fingerprints. Both are cached per class, so a runner for
 * another database (a tenant's) finds them done too.
 */
final class CodeWarmUp {

  private static final Logger log = LoggerFactory.getLogger(CodeWarmUp.class);

  private static final ExecutorService THREAD =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "lms-migrations-code");
            thread.setDaemon(true);
            return thread;
          });

  private CodeWarmUp() {}

  /** Sums the class files of the migrations, as a restart compares them. */
  static CompletableFuture<Void> sums(List<Migration> migrations) {
    return each(migrations, MigrationFingerprints::classBytes);
  }

  /** Computes the fingerprints of the migrations a run is about to apply. */
  static CompletableFuture<Void> fingerprints(List<Migration> migrations) {
    return each(migrations, MigrationFingerprints::of);
  }

  private static CompletableFuture<Void> each(
      List<Migration> migrations, Consumer<Migration> work) {
    if (migrations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(
        () -> {
          try {
            migrations.forEach(work);
          } catch (RuntimeException e) {
            // Whoever needs one computes it, and reports what is wrong.
            log.debug("Could not read the migrations' classes ahead: {}", e.toString());
          }
        },
        THREAD);
  }
}
