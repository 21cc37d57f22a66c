package com.lms.migrations;

import com.lms.migrations.fingerprint.MigrationFingerprints;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the fingerprints of the migrations a run is about to apply on a thread of its own, while
 * the run takes the lock and applies the first of them: each outcome records its migration's
 * fingerprint, which is then ready (a fresh JVM would otherwise parse every class, and load the
 * parser, on the run's own thread). Nothing waits for it; a fingerprint it has not reached yet is
 * computed where it is recorded.
 */
final class CodeWarmUp {

  private static final Logger log = LoggerFactory.getLogger(CodeWarmUp.class);

  private CodeWarmUp() {}

  static void start(List<Migration> migrations) {
    Thread thread =
        new Thread(
            () -> {
              try {
                migrations.forEach(MigrationFingerprints::of);
              } catch (RuntimeException e) {
                log.debug("Could not compute fingerprints ahead of the run: {}", e.toString());
              }
            },
            "lms-migrations-fingerprints");
    thread.setDaemon(true);
    thread.start();
  }
}
