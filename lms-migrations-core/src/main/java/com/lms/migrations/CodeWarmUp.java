package com.lms.migrations;

import com.lms.migrations.fingerprint.MigrationFingerprints;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the migrations' class files ahead of time on a thread of its own, so that the thread that
 * runs migrations finds them done: when a runner is built, the sums a restart compares (an
 * application builds its runner while its context starts, well before migrations run); when a run
 * is about to apply migrations, their fingerprints. Both are cached per class, so a runner for
 * another database (a tenant's) finds them done too. A plain thread, loops and no lambdas: this is
 * on the path every restart takes, where each new class costs a fresh JVM.
 */
final class CodeWarmUp extends Thread {

  private static final Logger log = LoggerFactory.getLogger(CodeWarmUp.class);

  private final List<Migration> migrations;
  private final boolean fingerprints;

  private CodeWarmUp(List<Migration> migrations, boolean fingerprints) {
    super("lms-migrations-code");
    this.migrations = migrations;
    this.fingerprints = fingerprints;
    setDaemon(true);
  }

  /** Starts summing the class files of the migrations, as a restart compares them. */
  static CodeWarmUp sums(List<Migration> migrations) {
    return start(new CodeWarmUp(migrations, false));
  }

  /**
   * Computes the fingerprints of the migrations a run is about to apply, on one thread shared by
   * all runners: a run per tenant would otherwise start a thread each.
   */
  static void fingerprints(List<Migration> migrations) {
    if (!migrations.isEmpty()) {
      Shared.THREAD.execute(new CodeWarmUp(migrations, true));
    }
  }

  /** Loaded only once a run applies something: a restart never does. */
  private static final class Shared {

    static final java.util.concurrent.Executor THREAD =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "lms-migrations-code");
              thread.setDaemon(true);
              return thread;
            });
  }

  private static CodeWarmUp start(CodeWarmUp warmUp) {
    if (!warmUp.migrations.isEmpty()) {
      warmUp.start();
    }
    return warmUp;
  }

  /** Waits until it is done; it never fails (whoever needs a value computes it). */
  void await() {
    boolean interrupted = false;
    while (isAlive()) {
      try {
        join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    try {
      for (Migration migration : migrations) {
        if (fingerprints) {
          MigrationFingerprints.of(migration);
        } else {
          MigrationFingerprints.classBytes(migration);
        }
      }
    } catch (RuntimeException e) {
      log.debug("Could not read the migrations' classes ahead: {}", e.toString());
    }
  }
}
