package com.lms.migrations;

import static com.mongodb.client.model.Filters.eq;

import com.lms.migrations.StoredMigration.Running;
import com.lms.migrations.fingerprint.CodeFingerprint;
import com.lms.migrations.fingerprint.MigrationFingerprints;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoDatabaseUtils;
import org.springframework.util.ClassUtils;

/**
 * Reads and writes the status collection: one document per migration, keyed by name, with its
 * current state and a history of actions (the newest {@value #HISTORY_LIMIT}, with a count of all).
 * Uses the driver directly: the documents are plain, and this is the runner's hot path.
 */
final class MigrationStore {

  /** How many history entries a status document keeps (the newest). */
  static final int HISTORY_LIMIT = 100;

  private static final Logger log = LoggerFactory.getLogger(MigrationStore.class);

  static final String RUNNING = "running";
  static final String HISTORY = "history";
  static final String STEPS = "steps";
  private static final String HISTORY_COUNT = "historyCount";
  static final String STATUS = "status";
  static final String RUN = "run";
  static final String CHECKSUM = "checksum";

  /** The migration's class, which tells a record of a migration inactive in this environment. */
  static final String CLASS = "class";

  static final String CLASS_FILE_VERSION = "classFileVersion";
  static final String APPLIED_BY = "appliedBy";
  static final String CLASS_BYTES = "classBytes";

  private final LibraryCollections direct;
  private final MongoDatabaseFactory transactional;
  private final String collection;

  private final Set<String> inactiveClasses;

  MigrationStore(LibraryCollections direct, MongoDatabaseFactory transactional, String collection) {
    this(direct, transactional, collection, Set.of());
  }

  /**
   * @param direct writes that must survive a rolled back transaction (running marks, failures)
   * @param transactional writes that commit together with a migration's changes (the database of
   *     the transaction in progress)
   * @param inactiveClasses the classes of the migrations this environment leaves out
   */
  MigrationStore(
      LibraryCollections direct,
      MongoDatabaseFactory transactional,
      String collection,
      Set<String> inactiveClasses) {
    this.inactiveClasses = Set.copyOf(inactiveClasses);
    this.direct = direct;
    this.transactional = transactional;
    this.collection = collection;
  }

  /**
   * Every record, except those of migrations this environment leaves out: to this build they are
   * neither missing nor anything to roll back.
   */
  Map<String, StoredMigration> findAll() {
    Map<String, StoredMigration> byName = new LinkedHashMap<>();
    for (Document document : statuses().find().projection(Projections.exclude(HISTORY))) {
      // Records from before the class was recorded have none (an immutable set refuses null).
      if (document.get(CLASS) instanceof String recorded && inactiveClasses.contains(recorded)) {
        continue;
      }
      StoredMigration stored = StatusDocuments.read(collection, document);
      byName.put(stored.name(), stored);
    }
    return byName;
  }

  Optional<StoredMigration> find(String name) {
    return Optional.ofNullable(
            statuses().find(eq("_id", name)).projection(Projections.exclude(HISTORY)).first())
        .map(document -> StatusDocuments.read(collection, document));
  }

  /** The recorded status of a migration, PENDING when it has none. */
  MigrationStatus status(Migration migration) {
    return StoredMigration.statusOf(migration, find(migration.name()).orElse(null));
  }

  boolean isEmpty() {
    return statuses().find().limit(1).first() == null;
  }

  /**
   * Marks a migration as running, only if its state is still the one the plan was built from (a
   * compare-and-set), so a running mark can never overwrite an outcome recorded meanwhile.
   *
   * @return {@code false} when the state changed since it was read
   */
  boolean markRunning(RunningMark mark) {
    if (!mark.canBeSent()) {
      return false;
    }
    UpdateOneModel<Document> model = markModel(mark);
    try {
      UpdateResult result =
          statuses().updateOne(model.getFilter(), model.getUpdate(), model.getOptions());
      return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
    } catch (MongoWriteConcernException e) {
      warnUnconfirmed("the running mark of migration '" + mark.migration().name() + "'", e);
      return mark.planned() == null
          || e.getWriteResult() == null
          || e.getWriteResult().getCount() == 1;
    } catch (MongoServerException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The running mark's write, a compare-and-set on the state the plan read. When it read no record,
   * an upsert of a record that has no state: a record made meanwhile has one, so the upsert
   * collides with it on {@code _id} and changes nothing. (An update, not an insert, so that it goes
   * in one command with the outcome before it.)
   */
  private static UpdateOneModel<Document> markModel(RunningMark mark) {
    Migration migration = mark.migration();
    Document running =
        new Document("owner", mark.by().owner())
            .append("host", mark.by().host())
            .append("pid", mark.by().pid())
            .append("since", Date.from(mark.since()))
            .append("direction", mark.direction().name())
            .append(RUN, mark.runId());
    StoredMigration planned = mark.planned();
    Document update =
        new StatusUpdate()
            .set("version", migration.version())
            .set("description", description(migration))
            .set(CLASS, className(migration))
            .set(STATUS, MigrationState.RUNNING.name())
            .set(RUNNING, running)
            .toDocument();
    if (planned == null) {
      return new UpdateOneModel<>(
          new Document("_id", migration.name()).append(STATUS, new Document("$exists", false)),
          update,
          new UpdateOptions().upsert(true));
    }
    return new UpdateOneModel<>(
        new Document("_id", migration.name()).append(STATUS, planned.state().name()), update);
  }

  /**
   * Records how a run ended, only if this runner still owns the running mark: the update's filter
   * is the record's id and this runner's mark, and it is an upsert, so that when another runner
   * owns the record the server refuses it as a duplicate key. (A record deleted by hand meanwhile
   * is written again, with this outcome, rather than left missing, which would apply the migration
   * again.)
   *
   * @return {@code false} when another runner has taken the migration over
   */
  boolean finish(Migration migration, Execution execution, boolean inTransaction) {
    MongoCollection<Document> target =
        inTransaction
            ? MongoDatabaseUtils.getDatabase(transactional).getCollection(collection)
            : statuses();
    UpdateOneModel<Document> outcome = outcomeModel(migration, execution);
    try {
      target.updateOne(outcome.getFilter(), outcome.getUpdate(), outcome.getOptions());
      return true;
    } catch (MongoWriteConcernException e) {
      // The primary applied it; only the confirmation from a majority is missing.
      warnUnconfirmed("the outcome of migration '" + migration.name() + "'", e);
      return true;
    } catch (MongoServerException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Records how a run ended and marks the next migration running, in one ordered bulk write of two
   * updates: one command where there were two. The outcome goes first, fenced as in {@link
   * #finish}, and an ordered bulk write stops at its first error, so the mark is only written once
   * the outcome is.
   *
   * @return {@code null} when another runner has taken the migration over (nothing was written),
   *     else what became of the next migration's mark
   */
  @Nullable NextMark finishThenMark(Migration migration, Execution execution, RunningMark next) {
    UpdateOneModel<Document> mark = markModel(next);
    BulkWriteResult result;
    try {
      result =
          statuses()
              .bulkWrite(
                  List.of(outcomeModel(migration, execution), mark),
                  new BulkWriteOptions().ordered(true));
    } catch (MongoBulkWriteException e) {
      if (!e.getWriteErrors().isEmpty()) {
        BulkWriteError error = e.getWriteErrors().get(0);
        boolean duplicate =
            ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY;
        if (error.getIndex() == 0) {
          takeBackIfWritten(next, e.getWriteResult(), migration);
          if (duplicate) {
            return null;
          }
          throw e;
        }
        return duplicate ? NextMark.refused(next) : NextMark.failed(next, e);
      }
      // Both were applied by the primary; only the confirmation from a majority is missing.
      log.warn(
          "MongoDB applied the outcome of migration '{}' and the running mark of '{}' but a"
              + " majority did not confirm them ({}); continuing",
          migration.name(),
          next.migration().name(),
          e.getWriteConcernError() == null ? "" : e.getWriteConcernError().getMessage());
      result = e.getWriteResult();
    }
    boolean outcomeUpserted = false;
    boolean markUpserted = false;
    for (BulkWriteUpsert upsert : result.getUpserts()) {
      outcomeUpserted |= upsert.getIndex() == 0;
      markUpserted |= upsert.getIndex() == 1;
    }
    int markMatched = result.getMatchedCount() - (outcomeUpserted ? 0 : 1);
    return markUpserted || markMatched == 1 ? NextMark.marked(next) : NextMark.refused(next);
  }

  /**
   * Takes back a running mark that a server wrote although the outcome before it, in the same
   * ordered write, failed: MongoDB stops an ordered write at its first error, but a server that
   * does not (the embedded test server) goes on. The mark is this run's, so taking it back is
   * fenced on this run's id: it changes nothing anyone wrote since.
   */
  private void takeBackIfWritten(RunningMark mark, BulkWriteResult result, Migration failed) {
    boolean written = result.getMatchedCount() > 0 || !result.getUpserts().isEmpty();
    if (!written) {
      return;
    }
    Document mine =
        new Document("_id", mark.migration().name()).append(RUNNING + "." + RUN, mark.runId());
    StoredMigration planned = mark.planned();
    if (planned == null) {
      statuses().deleteOne(mine);
    } else {
      statuses()
          .updateOne(
              mine,
              new StatusUpdate().set(STATUS, planned.state().name()).unset(RUNNING).toDocument());
    }
    log.warn(
        "MongoDB wrote the running mark of migration '{}' although the outcome of '{}' before it,"
            + " in the same ordered write, failed: this server does not stop an ordered write at"
            + " its first error. Took the mark back",
        mark.migration().name(),
        failed.name());
  }

  /**
   * The outcome's write: fenced on the running mark of the runner that ran the migration, an upsert
   * so that another runner's mark makes it fail (see {@link #finish}).
   */
  private static UpdateOneModel<Document> outcomeModel(Migration migration, Execution execution) {
    Document mine =
        new Document("_id", migration.name()).append(RUNNING + ".owner", execution.by().owner());
    Document update =
        outcome(migration, execution)
            .append(
                "$setOnInsert",
                new Document("version", migration.version())
                    .append("description", description(migration))
                    .append(CLASS, className(migration)));
    return new UpdateOneModel<>(mine, update, new UpdateOptions().upsert(true));
  }

  /** The update that records how a run ended, with its history entry. */
  private static Document outcome(Migration migration, Execution execution) {
    CodeFingerprint code = appliedCode(migration, execution.outcome());
    return new StatusUpdate()
        .unset(RUNNING)
        .set("lastDirection", execution.direction().name())
        .set(RUN, execution.runId())
        .state(
            execution.outcome(), execution.startedAt(), execution.durationMs(), execution.error())
        .code(execution.outcome(), code, classBytes(migration, code), execution)
        .appendHistory(historyEntry(execution, null, code))
        .toDocument();
  }

  private static void warnUnconfirmed(String what, MongoWriteConcernException e) {
    log.warn(
        "MongoDB applied {} but a majority did not confirm it ({}: {}); continuing",
        what,
        e.getWriteConcernError().getCodeName(),
        e.getWriteConcernError().getMessage());
  }

  /** Records a state without running anything (baseline and repair), with a history entry. */
  void record(Migration migration, MigrationState state, Execution execution) {
    record(migration, state, execution, null);
  }

  /**
   * Records a state without running anything, with a history entry naming where it came from.
   *
   * @param source what the state was taken from (an import's tool and document), or {@code null}
   */
  void record(
      Migration migration, MigrationState state, Execution execution, @Nullable String source) {
    CodeFingerprint code = appliedCode(migration, state);
    Document update =
        new StatusUpdate()
            .set("version", migration.version())
            .set("description", description(migration))
            .set(CLASS, className(migration))
            .unset(RUNNING)
            .set("lastDirection", execution.direction().name())
            .state(state, execution.startedAt(), execution.durationMs(), null)
            .code(state, code, classBytes(migration, code), execution)
            .appendHistory(historyEntry(execution, source, code))
            .toDocument();
    statuses()
        .updateOne(new Document("_id", migration.name()), update, new UpdateOptions().upsert(true));
  }

  /** Turns a running mark left by a dead runner into a failure, if nobody changed it meanwhile. */
  boolean markInterrupted(StoredMigration stored, RunnerIdentity me, Instant now) {
    Running running = stored.running();
    String error =
        "Interrupted: "
            + MigrationFailedException.verb(running.direction())
            + " started at "
            + running.since()
            + " on host "
            + running.host()
            + " (pid "
            + running.pid()
            + ", owner "
            + running.owner()
            + ") never recorded its outcome: that runner stopped (its process died, lost the"
            + " database, or could not record the outcome) and its lock was released or expired. "
            + whatNext(running.direction());
    Document stillThere =
        new Document("_id", stored.name())
            .append(STATUS, MigrationState.RUNNING.name())
            .append(RUNNING + ".owner", running.owner());
    Execution interrupted =
        new Execution(
            running.direction(),
            MigrationState.FAILED,
            running.since(),
            Math.max(0, now.toEpochMilli() - running.since().toEpochMilli()),
            error,
            me,
            null,
            "INTERRUPTED",
            running.runId(),
            List.of());
    Document update =
        new StatusUpdate()
            .unset(RUNNING)
            .set(RUN, running.runId())
            .set("lastDirection", running.direction().name())
            .state(MigrationState.FAILED, running.since(), interrupted.durationMs(), error)
            .appendHistory(historyEntry(interrupted, null, null))
            .toDocument();
    try {
      return statuses().updateOne(stillThere, update).getModifiedCount() == 1;
    } catch (MongoWriteConcernException e) {
      warnUnconfirmed("that migration '" + stored.name() + "' was interrupted", e);
      return e.getWriteResult() == null || e.getWriteResult().getCount() == 1;
    }
  }

  /** What happens to an interrupted migration, true for either direction. */
  static String whatNext(Direction interrupted) {
    return interrupted == Direction.UP
        ? "It will be run again."
        : "upAll applies it again; or finish the rollback with down.";
  }

  List<MigrationHistoryEntry> history(String name) {
    Document document =
        statuses().find(eq("_id", name)).projection(Projections.include(HISTORY)).first();
    if (document == null) {
      return List.of();
    }
    return StatusDocuments.history(collection, name, document);
  }

  private MongoCollection<Document> statuses() {
    return direct.of(collection);
  }

  /**
   * Records the fingerprint of an applied migration's code in place of the one recorded, only if
   * the recorded one is still {@code recorded} and the migration is still applied (a
   * compare-and-set on that one field: it changes nothing a run or a worker writes), with a history
   * entry.
   *
   * @param recorded the fingerprint read before, {@code null} when none was recorded
   * @return {@code false} when the record changed meanwhile
   */
  boolean recordCode(
      Migration migration,
      @Nullable CodeFingerprint recorded,
      CodeFingerprint current,
      Execution execution) {
    Document unchanged =
        new Document("_id", migration.name())
            .append(STATUS, MigrationState.COMPLETED.name())
            .append(CHECKSUM, recorded == null ? null : recorded.value());
    Document update =
        new StatusUpdate()
            .code(MigrationState.COMPLETED, current, classBytes(migration, current), execution)
            .appendHistory(historyEntry(execution, null, current))
            .toDocument();
    return statuses().updateOne(unchanged, update).getMatchedCount() == 1;
  }

  /**
   * Records the sum of an applied migration's class files where its fingerprint is recorded but the
   * sum is not, or is another one (a rebuild that changed no code), so that the next restart
   * compares cheaply: a compare-and-set on the recorded fingerprint, with no history entry.
   */
  void recordClassBytes(Migration migration, CodeFingerprint recorded, String classBytes) {
    statuses()
        .updateOne(
            new Document("_id", migration.name())
                .append(STATUS, MigrationState.COMPLETED.name())
                .append(CHECKSUM, recorded.value()),
            new Document("$set", new Document(CLASS_BYTES, classBytes)));
  }

  private static @Nullable String classBytes(Migration migration, @Nullable CodeFingerprint code) {
    return code == null || code.isUserSupplied()
        ? null
        : MigrationFingerprints.classBytes(migration).orElse(null);
  }

  /** The fingerprint to record with a state: the code's, when it leaves the migration applied. */
  private static @Nullable CodeFingerprint appliedCode(Migration migration, MigrationState state) {
    return state == MigrationState.COMPLETED
        ? MigrationFingerprints.of(migration).orElse(null)
        : null;
  }

  private static Document historyEntry(
      Execution execution, @Nullable String source, @Nullable CodeFingerprint code) {
    Document entry =
        new Document("action", execution.action())
            .append("outcome", execution.outcome().name())
            .append("at", Date.from(execution.startedAt()))
            .append("durationMs", execution.durationMs())
            .append("host", execution.by().host())
            .append("pid", execution.by().pid())
            .append("owner", execution.by().owner())
            .append("principal", execution.principal())
            .append("error", BoundedText.cap(execution.error()))
            .append("source", source)
            .append(CHECKSUM, code == null ? null : code.value());
    if (!execution.steps().isEmpty()) {
      entry.append(STEPS, execution.steps()); // most actions take none: no field, no bytes
    }
    return entry;
  }

  private static String className(Migration migration) {
    return ClassUtils.getUserClass(migration.getClass()).getName();
  }

  private static String description(Migration migration) {
    String description = migration.description();
    return description == null ? "" : description;
  }

  /**
   * An update of a status document, built as the document the driver sends: the runner writes two
   * per migration, and a plain document costs a cold JVM far less than the composed builders.
   */
  private static final class StatusUpdate {

    private final Document set = new Document();
    private final Document unset = new Document();
    private @Nullable Document historyEntry;

    StatusUpdate set(String field, @Nullable Object value) {
      set.append(field, value);
      return this;
    }

    StatusUpdate unset(String field) {
      unset.append(field, "");
      return this;
    }

    /** The state, and when and how it was reached; a PENDING migration keeps no outcome. */
    StatusUpdate state(MigrationState state, Instant at, long durationMs, @Nullable String error) {
      set(STATUS, state.name());
      if (state == MigrationState.PENDING) {
        return unset("executedAt").unset("executionTime").unset("error");
      }
      return set("executedAt", Date.from(at))
          .set("executionTime", durationMs)
          .set("error", BoundedText.cap(error));
    }

    /**
     * The code an applied migration is recorded with, and who applied it; no code once it is not
     * applied (a fingerprint the code cannot give is not recorded).
     */
    StatusUpdate code(
        MigrationState state,
        @Nullable CodeFingerprint code,
        @Nullable String classBytes,
        Execution execution) {
      if (state == MigrationState.COMPLETED && code != null) {
        set(CHECKSUM, code.value())
            .set(CLASS_FILE_VERSION, code.classFileVersion())
            .set(APPLIED_BY, execution.appliedBy());
        return classBytes == null ? unset(CLASS_BYTES) : set(CLASS_BYTES, classBytes);
      }
      if (state == MigrationState.COMPLETED || state == MigrationState.PENDING) {
        return unset(CHECKSUM).unset(CLASS_FILE_VERSION).unset(APPLIED_BY).unset(CLASS_BYTES);
      }
      return this; // a failure keeps what the last successful run recorded
    }

    /**
     * Appends to the history, keeping its newest {@value MigrationStore#HISTORY_LIMIT} entries, and
     * counts it.
     */
    StatusUpdate appendHistory(Document entry) {
      historyEntry = entry;
      return this;
    }

    Document toDocument() {
      Document update = new Document();
      if (!set.isEmpty()) {
        update.append("$set", set);
      }
      if (!unset.isEmpty()) {
        update.append("$unset", unset);
      }
      if (historyEntry != null) {
        update
            .append(
                "$push",
                new Document(
                    HISTORY,
                    new Document("$each", List.of(historyEntry)).append("$slice", -HISTORY_LIMIT)))
            .append("$inc", new Document(HISTORY_COUNT, 1));
      }
      return update;
    }
  }
}
