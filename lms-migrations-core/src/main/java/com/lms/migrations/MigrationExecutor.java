package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.MigrationStore.Execution;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Runs one migration in one direction while holding the lock: marks it running, runs it (in a
 * transaction when possible, together with its completion record), and records the outcome.
 */
final class MigrationExecutor {

  private static final Logger log = LoggerFactory.getLogger(MigrationExecutor.class);

  private final MigrationStore store;
  private final MigrationLogStore logs;
  private final MongoTemplate userTemplate;
  private final MongoDatabase directDatabase;
  private final MigrationTransactions transactions;
  private final RunnerIdentity me;
  private final Clock clock;
  private final List<MigrationListener> listeners;

  MigrationExecutor(
      MigrationStore store,
      MigrationLogStore logs,
      MongoTemplate userTemplate,
      MongoDatabase directDatabase,
      MigrationTransactions transactions,
      RunnerIdentity me,
      Clock clock,
      List<MigrationListener> listeners) {
    this.store = store;
    this.logs = logs;
    this.userTemplate = userTemplate;
    this.directDatabase = directDatabase;
    this.transactions = transactions;
    this.me = me;
    this.clock = clock;
    this.listeners = listeners;
  }

  /**
   * Runs the migration.
   *
   * @throws MigrationFailedException when it throws (recorded as FAILED first)
   * @throws MigrationLeaseLostException when the lock was lost (nothing more recorded)
   */
  MigrationExecution run(Migration migration, Direction direction, Lease lease, String principal) {
    String name = migration.name();
    boolean inTransaction = transactions.use(migration);
    lease.ensureRecentlyHeld("before running migration '" + name + "'");
    // Stored as a BSON date, so keep what the database keeps: milliseconds.
    Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (!store.markRunning(migration, direction, me, startedAt)) {
      throw new MigrationLeaseLostException(
          "before running migration '" + name + "' (another instance has it marked as running)");
    }
    listeners.forEach(listener -> listener.migrationStarted(migration, direction));
    log.debug("{} migration '{}' (version {})", verb(direction), name, migration.version());
    MigrationContext context =
        new RunningMigrationContext(
            userTemplate,
            new StoringMigrationLogger(
                LoggerFactory.getLogger(migration.getClass()), logs, name, clock),
            name,
            direction,
            directDatabase,
            store,
            me);
    MigrationState success =
        direction == Direction.UP ? MigrationState.COMPLETED : MigrationState.PENDING;
    long start = System.nanoTime();
    AtomicLong durationMs = new AtomicLong();
    Throwable failure;
    try {
      transactions.run(
          inTransaction,
          () -> {
            invoke(migration, direction, context);
            durationMs.set(elapsedMillis(start));
            lease.ensureHeld("after running migration '" + name + "', before recording it");
            Execution done =
                new Execution(direction, success, startedAt, durationMs.get(), null, me, principal);
            if (!store.finish(migration, done, inTransaction)) {
              throw new MigrationLeaseLostException(
                  "after running migration '" + name + "' (another instance took it over)");
            }
          });
      MigrationExecution execution =
          new MigrationExecution(
              name,
              migration.version(),
              direction,
              success,
              startedAt,
              Duration.ofMillis(durationMs.get()),
              null);
      log.debug("{} migration '{}' in {} ms", done(direction), name, durationMs.get());
      listeners.forEach(listener -> listener.migrationFinished(execution));
      return execution;
    } catch (MigrationLeaseLostException | VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      failure = e instanceof MigrationCodeFailure wrapper ? wrapper.getCause() : e;
    }
    throw recordFailure(migration, direction, lease, principal, startedAt, start, failure);
  }

  private MigrationFailedException recordFailure(
      Migration migration,
      Direction direction,
      Lease lease,
      String principal,
      Instant startedAt,
      long start,
      Throwable failure) {
    String name = migration.name();
    long durationMs = elapsedMillis(start);
    String error = MigrationFailedException.describe(failure);
    logs.append(name, new MigrationLogEntry(clock.instant(), "ERROR", error));
    lease.ensureHeld("after migration '" + name + "' failed, before recording the failure");
    Execution failed =
        new Execution(
            direction, MigrationState.FAILED, startedAt, durationMs, error, me, principal);
    if (!store.finish(migration, failed, false)) {
      throw new MigrationLeaseLostException(
          "after migration '" + name + "' failed (another instance took it over)");
    }
    MigrationExecution execution =
        new MigrationExecution(
            name,
            migration.version(),
            direction,
            MigrationState.FAILED,
            startedAt,
            Duration.ofMillis(durationMs),
            failure);
    listeners.forEach(listener -> listener.migrationFinished(execution));
    return new MigrationFailedException(execution);
  }

  private static void invoke(Migration migration, Direction direction, MigrationContext context) {
    try {
      if (direction == Direction.UP) {
        migration.up(context);
      } else {
        migration.down(context);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MigrationCodeFailure(e);
    }
  }

  private static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  private static String verb(Direction direction) {
    return direction == Direction.UP ? "Applying" : "Rolling back";
  }

  private static String done(Direction direction) {
    return direction == Direction.UP ? "Applied" : "Rolled back";
  }

  /** Carries a checked exception from a migration through the transaction callback. */
  private static final class MigrationCodeFailure extends RuntimeException {
    MigrationCodeFailure(Exception cause) {
      super(cause);
    }
  }
}
