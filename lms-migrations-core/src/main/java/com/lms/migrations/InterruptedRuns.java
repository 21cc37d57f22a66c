package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.background.BackgroundMigrationRunningException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns migrations left RUNNING by runners that died into FAILED ones, under the lock. A background
 * migration's running mark is guarded by its own lease, not by the migration lock: only the holder
 * of that lease recovers it. That holds for a migration this build does not know too (a newer
 * build's, during a rolling deploy): a running mark whose background lease is held live is left
 * alone.
 */
final class InterruptedRuns {

  private static final Logger log = LoggerFactory.getLogger(InterruptedRuns.class);

  private final MigrationStore store;
  private final RunnerIdentity me;
  private final ServerInfo server;
  private final Predicate<String> ownLease;
  private final MigrationLock lock;
  private final BackgroundControlStore controls;

  /**
   * @param ownLease whether a migration (by name) runs under a lease of its own
   * @param lock the migration lock, beside which the background leases are kept
   * @param controls the background migrations' progress and controls
   */
  InterruptedRuns(
      MigrationStore store,
      RunnerIdentity me,
      ServerInfo server,
      Predicate<String> ownLease,
      MigrationLock lock,
      BackgroundControlStore controls) {
    this.store = store;
    this.me = me;
    this.server = server;
    this.ownLease = ownLease;
    this.lock = lock;
    this.controls = controls;
  }

  /**
   * Re-reads the state under the lock and records every migration a dead runner left running as
   * FAILED.
   *
   * @return the state as it is now
   */
  Map<String, StoredMigration> recover(Lease lease) {
    Map<String, StoredMigration> stored = store.findAll();
    boolean sawRunning = false;
    for (StoredMigration migration : stored.values()) {
      if (migration.state() == MigrationState.RUNNING
          && migration.running() != null
          && !ownLease.test(migration.name())
          && !backgroundLeaseHeld(migration.name())) {
        // Read again afterwards even if this one finished meanwhile (its old holder recorded it
        // just before its lease ran out): the state read above is stale either way.
        sawRunning = true;
        recover(migration, lease);
      }
    }
    return sawRunning ? store.findAll() : stored;
  }

  /**
   * Takes a background migration's own lease for a call by hand (one writer per record: while a
   * worker holds it, the call is refused), claims its progress, and recovers a running mark that a
   * dead holder left.
   *
   * @return the lease, with the record as read under it; close it to release the lease
   * @throws BackgroundMigrationRunningException when another holder has the lease
   */
  HeldRecord holdBackground(String name) {
    MigrationLock own = lock.forBackground(name);
    Optional<Lease> lease = own.tryAcquire();
    if (lease.isEmpty()) {
      throw new BackgroundMigrationRunningException(
          name, own.holder().map(LockHolder::toString).orElse("another instance"));
    }
    // From here on only this holder records the migration's progress: a worker frozen past the
    // lease finds its next progress write refused.
    controls.claim(name, me);
    StoredMigration stored = store.find(name).orElse(null);
    if (stored != null && stored.state() == MigrationState.RUNNING) {
      recover(stored, lease.get()); // its holder is gone: we hold its lease
      stored = store.find(name).orElse(null);
    }
    return new HeldRecord(lease.get(), stored);
  }

  /** A background migration's lease, held, and its record as read under it. */
  record HeldRecord(Lease lease, @Nullable StoredMigration stored) implements AutoCloseable {
    @Override
    public void close() {
      lease.close();
    }
  }

  /**
   * Whether a live holder has the background lease of a migration this build does not run under its
   * own lease: a newer build's background migration, still running.
   */
  private boolean backgroundLeaseHeld(String name) {
    boolean held = lock.forBackground(name).holder().isPresent();
    if (held) {
      log.debug(
          "Migration '{}' is running under its background lease, held by a live instance; left"
              + " to it",
          name);
    }
    return held;
  }

  /** Records one migration that a dead runner left running as FAILED, under the given lease. */
  void recover(StoredMigration migration, Lease lease) {
    lease.ensureHeld("before recovering interrupted migration '" + migration.name() + "'");
    boolean marked;
    try {
      marked = store.markInterrupted(migration, me, server.now());
    } catch (RuntimeException e) {
      throw new MigrationRecordException(migration.name(), "record as interrupted", e);
    }
    if (marked) {
      log.warn(
          "Migration '{}' was interrupted: it was left running by host {} (pid {}) since {}."
              + " Recorded it as FAILED; check its data. {}",
          migration.name(),
          migration.running().host(),
          migration.running().pid(),
          migration.running().since(),
          MigrationStore.whatNext(migration.running().direction()));
    }
  }
}
