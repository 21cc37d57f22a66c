package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.lms.migrations.StoredMigration.Running;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoDatabaseUtils;

/**
 * Reads and writes the status collection: one document per migration, keyed by name, with its
 * current state and a history of actions (the newest {@value #HISTORY_LIMIT}, with a count of all).
 * Uses the driver directly: the documents are plain, and this is the runner's hot path.
 */
final class MigrationStore {

  /** How many history entries a status document keeps (the newest). */
  static final int HISTORY_LIMIT = 100;

  private static final Logger log = LoggerFactory.getLogger(MigrationStore.class);

  private static final String RUNNING = "running";
  private static final String HISTORY = "history";
  private static final String HISTORY_COUNT = "historyCount";
  private static final String STATUS = "status";
  private static final String RUN = "run";

  private final LibraryCollections direct;
  private final MongoDatabaseFactory transactional;
  private final String collection;

  /**
   * @param direct writes that must survive a rolled back transaction (running marks, failures)
   * @param transactional writes that commit together with a migration's changes (the database of
   *     the transaction in progress)
   */
  MigrationStore(LibraryCollections direct, MongoDatabaseFactory transactional, String collection) {
    this.direct = direct;
    this.transactional = transactional;
    this.collection = collection;
  }

  Map<String, StoredMigration> findAll() {
    Map<String, StoredMigration> byName = new LinkedHashMap<>();
    for (Document document : statuses().find().projection(Projections.exclude(HISTORY))) {
      StoredMigration stored = read(document);
      byName.put(stored.name(), stored);
    }
    return byName;
  }

  Optional<StoredMigration> find(String name) {
    return Optional.ofNullable(
            statuses().find(eq("_id", name)).projection(Projections.exclude(HISTORY)).first())
        .map(this::read);
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
   * @param planned the state the plan was built from, {@code null} when it had no document
   * @param runId the run's id, which its batch checkpoints carry
   * @return {@code false} when the state changed since it was read
   */
  boolean markRunning(
      Migration migration,
      Direction direction,
      StoredMigration planned,
      String runId,
      RunnerIdentity me,
      Instant since) {
    if (planned != null && planned.state() == MigrationState.RUNNING) {
      return false;
    }
    Bson unchanged =
        and(
            eq("_id", migration.name()),
            eq(STATUS, planned == null ? null : planned.state().name()));
    Bson update =
        Updates.combine(
            Updates.set("version", migration.version()),
            Updates.set("description", description(migration)),
            Updates.set(STATUS, MigrationState.RUNNING.name()),
            Updates.set(
                RUNNING,
                new Document("owner", me.owner())
                    .append("host", me.host())
                    .append("pid", me.pid())
                    .append("since", Date.from(since))
                    .append("direction", direction.name())
                    .append(RUN, runId)));
    try {
      statuses().updateOne(unchanged, update, new UpdateOptions().upsert(true));
      return true;
    } catch (MongoWriteConcernException e) {
      warnUnconfirmed("the running mark of migration '" + migration.name() + "'", e);
      return true;
    } catch (MongoServerException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Records how a run ended, only if this runner still owns the running mark.
   *
   * @return {@code false} when another runner has taken the migration over
   */
  boolean finish(Migration migration, Execution execution, boolean inTransaction) {
    Bson mine = and(eq("_id", migration.name()), eq(RUNNING + ".owner", execution.by().owner()));
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.unset(RUNNING));
    updates.add(Updates.set("lastDirection", execution.direction().name()));
    updates.add(Updates.set(RUN, execution.runId()));
    updates.addAll(
        stateUpdates(
            execution.outcome(), execution.startedAt(), execution.durationMs(), execution.error()));
    updates.addAll(appendHistory(execution));
    MongoCollection<Document> target =
        inTransaction
            ? MongoDatabaseUtils.getDatabase(transactional).getCollection(collection)
            : statuses();
    try {
      return target.updateOne(mine, Updates.combine(updates)).getMatchedCount() == 1;
    } catch (MongoWriteConcernException e) {
      // The primary applied it; only the confirmation from a majority is missing.
      warnUnconfirmed("the outcome of migration '" + migration.name() + "'", e);
      return e.getWriteResult() == null || e.getWriteResult().getCount() == 1;
    }
  }

  private static void warnUnconfirmed(String what, MongoWriteConcernException e) {
    log.warn(
        "MongoDB applied {} but a majority did not confirm it ({}: {}); continuing",
        what,
        e.getWriteConcernError().getCodeName(),
        e.getWriteConcernError().getMessage());
  }

  private static List<Bson> appendHistory(Execution execution) {
    return appendHistory(execution, null);
  }

  private static List<Bson> appendHistory(Execution execution, @Nullable String source) {
    return List.of(
        Updates.pushEach(
            HISTORY,
            List.of(historyEntry(execution, source)),
            new PushOptions().slice(-HISTORY_LIMIT)),
        Updates.inc(HISTORY_COUNT, 1));
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
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("version", migration.version()));
    updates.add(Updates.set("description", description(migration)));
    updates.add(Updates.unset(RUNNING));
    updates.add(Updates.set("lastDirection", execution.direction().name()));
    updates.addAll(stateUpdates(state, execution.startedAt(), execution.durationMs(), null));
    updates.addAll(appendHistory(execution, source));
    statuses()
        .updateOne(
            eq("_id", migration.name()),
            Updates.combine(updates),
            new UpdateOptions().upsert(true));
  }

  private static List<Bson> stateUpdates(
      MigrationState state, Instant at, long durationMs, String error) {
    if (state == MigrationState.PENDING) {
      return List.of(
          Updates.set(STATUS, state.name()),
          Updates.unset("executedAt"),
          Updates.unset("executionTime"),
          Updates.unset("error"));
    }
    return List.of(
        Updates.set(STATUS, state.name()),
        Updates.set("executedAt", Date.from(at)),
        Updates.set("executionTime", durationMs),
        Updates.set("error", BoundedText.cap(error)));
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
    Bson stillThere =
        and(
            eq("_id", stored.name()),
            eq(STATUS, MigrationState.RUNNING.name()),
            eq(RUNNING + ".owner", running.owner()));
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
            running.runId());
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.unset(RUNNING));
    updates.add(Updates.set(RUN, running.runId()));
    updates.add(Updates.set("lastDirection", running.direction().name()));
    updates.addAll(
        stateUpdates(MigrationState.FAILED, running.since(), interrupted.durationMs(), error));
    updates.addAll(appendHistory(interrupted));
    Bson update = Updates.combine(updates);
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
    return document.getList(HISTORY, Document.class, List.of()).stream()
        .map(MigrationStore::readHistoryEntry)
        .toList();
  }

  private MongoCollection<Document> statuses() {
    return direct.of(collection);
  }

  private static Document historyEntry(Execution execution, @Nullable String source) {
    return new Document("action", execution.action())
        .append("outcome", execution.outcome().name())
        .append("at", Date.from(execution.startedAt()))
        .append("durationMs", execution.durationMs())
        .append("host", execution.by().host())
        .append("pid", execution.by().pid())
        .append("owner", execution.by().owner())
        .append("principal", execution.principal())
        .append("error", BoundedText.cap(execution.error()))
        .append("source", source);
  }

  private static MigrationHistoryEntry readHistoryEntry(Document entry) {
    return new MigrationHistoryEntry(
        entry.getString("action"),
        MigrationState.valueOf(entry.getString("outcome")),
        instant(entry.getDate("at")),
        number(entry.get("durationMs")),
        entry.getString("host"),
        number(entry.get("pid")),
        entry.getString("owner"),
        entry.getString("principal"),
        entry.getString("error"),
        entry.getString("source"));
  }

  private StoredMigration read(Document document) {
    if (!(document.get("_id") instanceof String)
        || !(document.get("version") instanceof Number)
        || !isState(document.get(STATUS))) {
      throw new ForeignMigrationCollectionException(collection, document);
    }
    Document running = document.get(RUNNING, Document.class);
    String lastDirection = document.getString("lastDirection");
    Object executionTime = document.get("executionTime");
    return new StoredMigration(
        document.getString("_id"),
        ((Number) document.get("version")).intValue(),
        document.getString("description"),
        MigrationState.valueOf(document.getString(STATUS)),
        instant(document.getDate("executedAt")),
        executionTime == null ? null : number(executionTime),
        document.getString("error"),
        lastDirection == null ? null : Direction.valueOf(lastDirection),
        running == null
            ? null
            : new Running(
                running.getString("owner"),
                running.getString("host"),
                number(running.get("pid")),
                instant(running.getDate("since")),
                Direction.valueOf(running.getString("direction")),
                running.getString(RUN)),
        document.getString(RUN));
  }

  private static boolean isState(Object value) {
    if (!(value instanceof String name)) {
      return false;
    }
    for (MigrationState state : MigrationState.values()) {
      if (state.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String description(Migration migration) {
    String description = migration.description();
    return description == null ? "" : description;
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** One finished action, as recorded in the status and the history. */
  record Execution(
      Direction direction,
      MigrationState outcome,
      Instant startedAt,
      long durationMs,
      String error,
      RunnerIdentity by,
      @Nullable String principal,
      String action,
      String runId) {

    Execution(
        Direction direction,
        MigrationState outcome,
        Instant startedAt,
        long durationMs,
        String error,
        RunnerIdentity by,
        @Nullable String principal,
        String runId) {
      this(
          direction, outcome, startedAt, durationMs, error, by, principal, direction.name(), runId);
    }
  }
}
