package com.lms.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.StoredMigration.Running;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Reads and writes the status collection: one document per migration, keyed by name, with its
 * current state and an append-only history of actions.
 */
final class MigrationStore {

  private static final String RUNNING = "running";
  private static final String HISTORY = "history";
  private static final String CHECKPOINTS = "checkpoints";

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
    Query all = new Query();
    all.fields().exclude(HISTORY);
    Map<String, StoredMigration> byName = new LinkedHashMap<>();
    for (Document document : direct.find(all, Document.class, collection)) {
      StoredMigration stored = read(document);
      byName.put(stored.name(), stored);
    }
    return byName;
  }

  Optional<StoredMigration> find(String name) {
    Query byName = query(where("_id").is(name));
    byName.fields().exclude(HISTORY);
    return Optional.ofNullable(direct.findOne(byName, Document.class, collection)).map(this::read);
  }

  /**
   * Marks a migration as running, unless someone else already marked it.
   *
   * @return {@code false} when another runner has it marked as running
   */
  boolean markRunning(Migration migration, Direction direction, RunnerIdentity me, Instant since) {
    Query notRunning =
        query(where("_id").is(migration.name()).and("status").ne(name(MigrationState.RUNNING)));
    Update update =
        new Update()
            .set("version", migration.version())
            .set("description", description(migration))
            .set("status", name(MigrationState.RUNNING))
            .set(
                RUNNING,
                new Document("owner", me.owner())
                    .append("host", me.host())
                    .append("pid", me.pid())
                    .append("since", Date.from(since))
                    .append("direction", direction.name()));
    try {
      direct.upsert(notRunning, update, collection);
      return true;
    } catch (DuplicateKeyException runningElsewhere) {
      return false;
    }
  }

  /**
   * Records how a run ended, only if this runner still owns the running mark.
   *
   * @return {@code false} when another runner has taken the migration over
   */
  boolean finish(Migration migration, Execution execution, boolean inTransaction) {
    Query mine =
        query(where("_id").is(migration.name()).and(RUNNING + ".owner").is(execution.by().owner()));
    Update update = new Update().unset(RUNNING).set("lastDirection", execution.direction().name());
    if (execution.outcome() != MigrationState.FAILED) {
      update.unset(CHECKPOINTS);
    }
    if (execution.outcome() == MigrationState.PENDING) {
      update
          .set("status", name(MigrationState.PENDING))
          .unset("executedAt")
          .unset("executionTime")
          .unset("error");
    } else {
      update
          .set("status", name(execution.outcome()))
          .set("executedAt", Date.from(execution.startedAt()))
          .set("executionTime", execution.durationMs())
          .set("error", execution.error());
    }
    update.push(HISTORY, historyEntry(execution));
    MongoTemplate template = inTransaction ? transactional : direct;
    return template.updateFirst(mine, update, collection).getMatchedCount() == 1;
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
    Query stillThere =
        query(
            where("_id")
                .is(stored.name())
                .and("status")
                .is(name(MigrationState.RUNNING))
                .and(RUNNING + ".owner")
                .is(running.owner()));
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
    Update update =
        new Update()
            .unset(RUNNING)
            .set("status", name(MigrationState.FAILED))
            .set("lastDirection", running.direction().name())
            .set("error", error)
            .push(HISTORY, historyEntry(interrupted));
    return direct.updateFirst(stillThere, update, collection).getModifiedCount() == 1;
  }

  Optional<BatchCheckpoint> checkpoint(String name, String key) {
    Query byName = query(where("_id").is(name));
    byName.fields().include(CHECKPOINTS);
    Document document = direct.findOne(byName, Document.class, collection);
    Document checkpoints = document == null ? null : document.get(CHECKPOINTS, Document.class);
    Document checkpoint = checkpoints == null ? null : checkpoints.get(key, Document.class);
    return Optional.ofNullable(checkpoint)
        .map(c -> new BatchCheckpoint(c.get("lastId"), number(c.get("processed"))));
  }

  /**
   * Saves a batch checkpoint, only if this runner still owns the running mark.
   *
   * @return {@code false} when another runner has taken the migration over
   */
  boolean saveCheckpoint(String name, String key, BatchCheckpoint checkpoint, RunnerIdentity me) {
    Query mine = query(where("_id").is(name).and(RUNNING + ".owner").is(me.owner()));
    Update update =
        new Update()
            .set(
                CHECKPOINTS + "." + key,
                new Document("lastId", checkpoint.lastId())
                    .append("processed", checkpoint.processed()));
    return direct.updateFirst(mine, update, collection).getMatchedCount() == 1;
  }

  void clearCheckpoint(String name, String key) {
    direct.updateFirst(
        query(where("_id").is(name)), new Update().unset(CHECKPOINTS + "." + key), collection);
  }

  List<MigrationHistoryEntry> history(String name) {
    Query byName = query(where("_id").is(name));
    byName.fields().include(HISTORY);
    Document document = direct.findOne(byName, Document.class, collection);
    if (document == null) {
      return List.of();
    }
    return document.getList(HISTORY, Document.class, List.of()).stream()
        .map(MigrationStore::readHistoryEntry)
        .toList();
  }

  private static Document historyEntry(Execution execution) {
    return new Document("action", execution.action())
        .append("outcome", name(execution.outcome()))
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
        MigrationState.valueOf(document.getString("status")),
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

  private static String name(MigrationState state) {
    return state.name();
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
