package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.lms.migrations.StoredMigration.Running;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
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
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Reads and writes the status collection: one document per migration, keyed by name, with its
 * current state and an append-only history of actions. Uses the driver directly: the documents are
 * plain, and this is the runner's hot path.
 */
final class MigrationStore {

  private static final String RUNNING = "running";
  private static final String HISTORY = "history";
  private static final String STATUS = "status";

  private final MongoTemplate direct;
  private final MongoTemplate transactional;
  private final String collection;

  /**
   * @param direct writes that must survive a rolled back transaction (running marks, failures)
   * @param transactional writes that commit together with a migration's changes
   */
  MigrationStore(MongoTemplate direct, MongoTemplate transactional, String collection) {
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

  boolean isEmpty() {
    return statuses().find().limit(1).first() == null;
  }

  /**
   * Marks a migration as running, unless someone else already marked it.
   *
   * @return {@code false} when another runner has it marked as running
   */
  boolean markRunning(Migration migration, Direction direction, RunnerIdentity me, Instant since) {
    Bson notRunning = and(eq("_id", migration.name()), ne(STATUS, MigrationState.RUNNING.name()));
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
                    .append("direction", direction.name())));
    try {
      statuses().updateOne(notRunning, update, new UpdateOptions().upsert(true));
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
    updates.addAll(
        stateUpdates(
            execution.outcome(), execution.startedAt(), execution.durationMs(), execution.error()));
    updates.add(Updates.push(HISTORY, historyEntry(execution)));
    MongoCollection<Document> target =
        inTransaction ? transactional.getCollection(collection) : statuses();
    return target.updateOne(mine, Updates.combine(updates)).getMatchedCount() == 1;
  }

  /** Records a state without running anything (baseline and repair), with a history entry. */
  void record(Migration migration, MigrationState state, Execution execution) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("version", migration.version()));
    updates.add(Updates.set("description", description(migration)));
    updates.add(Updates.unset(RUNNING));
    updates.add(Updates.set("lastDirection", execution.direction().name()));
    updates.addAll(stateUpdates(state, execution.startedAt(), 0L, null));
    updates.add(Updates.push(HISTORY, historyEntry(execution)));
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
        Updates.set("error", error));
  }

  /** Turns a running mark left by a dead runner into a failure, if nobody changed it meanwhile. */
  boolean markInterrupted(StoredMigration stored, RunnerIdentity me, Instant now) {
    Running running = stored.running();
    String error =
        "Interrupted: "
            + (running.direction() == Direction.UP ? "applying" : "rolling back")
            + " started at "
            + running.since()
            + " on host "
            + running.host()
            + " (pid "
            + running.pid()
            + ", owner "
            + running.owner()
            + ") never finished and its lock expired; the process probably died. It will be run"
            + " again.";
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
            "INTERRUPTED");
    Bson update =
        Updates.combine(
            Updates.unset(RUNNING),
            Updates.set(STATUS, MigrationState.FAILED.name()),
            Updates.set("lastDirection", running.direction().name()),
            Updates.set("executedAt", Date.from(running.since())),
            Updates.set("executionTime", interrupted.durationMs()),
            Updates.set("error", error),
            Updates.push(HISTORY, historyEntry(interrupted)));
    return statuses().updateOne(stillThere, update).getModifiedCount() == 1;
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
    return direct.getCollection(collection);
  }

  private static Document historyEntry(Execution execution) {
    return new Document("action", execution.action())
        .append("outcome", execution.outcome().name())
        .append("at", Date.from(execution.startedAt()))
        .append("durationMs", execution.durationMs())
        .append("host", execution.by().host())
        .append("pid", execution.by().pid())
        .append("owner", execution.by().owner())
        .append("principal", execution.principal())
        .append("error", execution.error());
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
        entry.getString("error"));
  }

  private StoredMigration read(Document document) {
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
                Direction.valueOf(running.getString("direction"))));
  }

  private static String description(Migration migration) {
    String description = migration.description();
    return description == null ? "" : description;
  }

  private static Instant instant(Date date) {
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
      String principal,
      String action) {

    Execution(
        Direction direction,
        MigrationState outcome,
        Instant startedAt,
        long durationMs,
        String error,
        RunnerIdentity by,
        String principal) {
      this(direction, outcome, startedAt, durationMs, error, by, principal, direction.name());
    }
  }
}
