package com.lms.migrations;

import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.LegacyChange;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Reads another migration tool's history and lock, from the tool's own collection and field names.
 * Only reads: the old collections are never modified.
 */
final class LegacyHistory {

  private static final Set<String> MONGOCK_NOT_COUNTED =
      Set.of("IGNORED", "FAILED", "ROLLBACK_FAILED");

  private final LibraryCollections database;

  LegacyHistory(LibraryCollections database) {
    this.database = database;
  }

  /**
   * Flyway's baseline version, when its history starts with one: the versions up to it were never
   * recorded one by one.
   */
  Optional<String> flywayBaseline(HistorySource source) {
    if (source.tool() != HistorySource.Tool.FLYWAY) {
      return Optional.empty();
    }
    Document baseline =
        database.of(source.collection()).find(new Document("type", "BASELINE")).first();
    return baseline == null || baseline.get("version") == null
        ? Optional.empty()
        : Optional.of(String.valueOf(baseline.get("version")));
  }

  /** Compares Flyway versions such as {@code 1.10.2}, part by part as numbers. */
  static int compareFlywayVersions(String left, String right) {
    String[] a = left.split("[._]");
    String[] b = right.split("[._]");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      long x = i < a.length ? parse(a[i]) : 0;
      long y = i < b.length ? parse(b[i]) : 0;
      if (x != y) {
        return Long.compare(x, y);
      }
    }
    return 0;
  }

  private static long parse(String part) {
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Every change in the old history, in the order the tool applied them. A mongobee history whose
   * entries carry a {@code state} was written (at least in part) by Mongock, which keeps rolled
   * back and failed runs as entries too: it is read with Mongock's rules, where an entry without a
   * state counts as executed, as mongobee's own entries do.
   */
  List<LegacyChange> changes(HistorySource source) {
    MongoCollection<Document> history = database.of(source.collection());
    List<Document> documents = history.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    return switch (source.tool()) {
      case MONGOCK -> mongock(documents);
      case MONGOBEE ->
          documents.stream().anyMatch(entry -> entry.containsKey("state"))
              ? mongock(documents)
              : present(documents, "changeId", "timestamp");
      case MIGRATE_MONGO -> present(documents, "fileName", "appliedAt");
      case FLYWAY -> flyway(documents);
    };
  }

  /**
   * Mongock 5 ({@code ChangeEntryService.getExecuted}) groups the entries by {@code changeId} and
   * {@code author}, sorts each group newest first, skips IGNORED, FAILED and ROLLBACK_FAILED
   * entries and takes the first one left: the change is executed when its state is EXECUTED or
   * absent (entries written before Mongock recorded states count as executed). A change whose
   * latest entry (IGNORED ones aside) is FAILED or ROLLBACK_FAILED is reported as failed here even
   * when an earlier run succeeded, which Mongock itself would take as executed: its last run may
   * have left it half done. Mongock's own system changes and the entries of before-execution
   * methods (type BEFORE_EXECUTION, id {@code <id>_before}, written only by Mongock 5, which always
   * writes the type) are not the user's changes.
   */
  private static List<LegacyChange> mongock(List<Document> documents) {
    Map<List<@Nullable String>, List<Document>> byKey = new LinkedHashMap<>();
    for (Document entry : documents) {
      String changeId = entry.getString("changeId");
      if (changeId == null
          || Boolean.TRUE.equals(entry.get("systemChange"))
          || "BEFORE_EXECUTION".equals(entry.get("type"))) {
        continue;
      }
      byKey
          .computeIfAbsent(
              java.util.Arrays.asList(changeId, entry.getString("author")),
              key -> new ArrayList<>())
          .add(entry);
    }
    List<LegacyChange> changes = new ArrayList<>();
    for (Map.Entry<List<@Nullable String>, List<Document>> change : byKey.entrySet()) {
      List<Document> entries = new ArrayList<>(change.getValue());
      entries.sort(Comparator.comparing(e -> time(e.get("timestamp")), nullsFirst()));
      Document counted = null;
      Document latest = null;
      for (Document entry : entries) {
        String state = entry.getString("state");
        if (!"IGNORED".equals(state)) {
          latest = entry;
        }
        if (state == null || !MONGOCK_NOT_COUNTED.contains(state)) {
          counted = entry;
        }
      }
      LegacyChange.State state;
      Document source;
      if (latest != null
          && ("FAILED".equals(latest.getString("state"))
              || "ROLLBACK_FAILED".equals(latest.getString("state")))) {
        state = LegacyChange.State.FAILED;
        source = latest;
      } else if (counted != null
          && (counted.get("state") == null || "EXECUTED".equals(counted.getString("state")))) {
        state = LegacyChange.State.APPLIED;
        source = counted;
      } else {
        state = LegacyChange.State.NOT_APPLIED;
        source = entries.get(entries.size() - 1);
      }
      Object millis = source.get("executionMillis");
      changes.add(
          new LegacyChange(
              change.getKey().get(0),
              state,
              time(source.get("timestamp")),
              millis instanceof Number n ? n.longValue() : null,
              source.getString("author"),
              source.getString("executionHostname"),
              String.valueOf(source.get("_id")),
              state == LegacyChange.State.FAILED
                  ? source.getString("state") + ": " + source.getString("errorTrace")
                  : null));
    }
    return changes;
  }

  /** Tools that keep one document per applied change and delete it on rollback. */
  private static List<LegacyChange> present(
      List<Document> documents, String idField, String atField) {
    List<LegacyChange> changes = new ArrayList<>();
    for (Document document : documents) {
      String id = document.getString(idField);
      if (id != null) {
        changes.add(
            new LegacyChange(
                id,
                LegacyChange.State.APPLIED,
                time(document.get(atField)),
                null,
                document.getString("author"),
                null,
                String.valueOf(document.get("_id")),
                null));
      }
    }
    return changes;
  }

  /**
   * Flyway keeps one row per run, by {@code installed_rank}; the latest row of a version decides.
   * Types are Flyway's {@code CoreMigrationType} names (SQL, JDBC, SCRIPT, BASELINE, DELETE,
   * UNDO_SCRIPT, SCHEMA, CUSTOM) and the UNDO_ types of its paid editions. Rows without a version
   * (repeatable migrations, the schema marker) are not versioned changes.
   */
  private static List<LegacyChange> flyway(List<Document> documents) {
    List<Document> rows = new ArrayList<>(documents);
    rows.sort(Comparator.comparingLong(row -> number(row.get("installed_rank"))));
    Map<String, LegacyChange> byVersion = new LinkedHashMap<>();
    for (Document row : rows) {
      Object version = row.get("version");
      String type = String.valueOf(row.get("type"));
      if (version == null || "SCHEMA".equals(type) || "DELETE".equals(type)) {
        // DELETE rows come from 'flyway repair' for an applied migration whose script is gone: it
        // ran, so the row before it (applied) stands.
        continue;
      }
      String id = String.valueOf(version);
      boolean success = !Boolean.FALSE.equals(row.get("success"));
      boolean undone = type.startsWith("UNDO");
      LegacyChange.State state =
          !success
              ? LegacyChange.State.FAILED
              : undone ? LegacyChange.State.NOT_APPLIED : LegacyChange.State.APPLIED;
      Object millis = row.get("execution_time");
      byVersion.remove(id);
      byVersion.put(
          id,
          new LegacyChange(
              id,
              state,
              time(row.get("installed_on")),
              millis instanceof Number n ? n.longValue() : null,
              row.getString("installed_by"),
              null,
              String.valueOf(row.get("_id")),
              success ? null : type + " '" + row.get("script") + "' did not succeed"));
    }
    return List.copyOf(byVersion.values());
  }

  /**
   * Why the old tool's lock stops an import now, or empty when it is free or expired.
   *
   * @param now the server's time
   */
  Optional<String> heldLock(HistorySource source, Instant now) {
    String name = source.lockCollection();
    if (name == null) {
      return Optional.empty();
    }
    MongoCollection<Document> locks = database.of(name);
    return switch (source.tool()) {
      case MONGOCK -> mongockLock(locks, name, now);
      case MONGOBEE ->
          Optional.ofNullable(locks.find().first())
              .map(
                  lock ->
                      "mongobee's lock in '"
                          + name
                          + "' is held (document _id "
                          + lock.get("_id")
                          + "; mongobee locks name no owner and never expire): wait for the"
                          + " mongobee run to finish; if no mongobee instance is running, one that"
                          + " died left it, so delete that document and import again");
      case MIGRATE_MONGO -> migrateMongoLock(locks, name, now);
      case FLYWAY -> Optional.empty();
    };
  }

  private static Optional<String> mongockLock(
      MongoCollection<Document> locks, String name, Instant now) {
    for (Document lock : locks.find()) {
      Instant expiresAt = time(lock.get("expiresAt"));
      String status = lock.getString("status");
      if ((status == null || "LOCK_HELD".equals(status))
          && (expiresAt == null || expiresAt.isAfter(now))) {
        return Optional.of(
            "Mongock's lock in '"
                + name
                + "' is held by owner "
                + lock.get("owner")
                + " until "
                + expiresAt
                + " (key "
                + lock.get("key")
                + "): wait for that Mongock run to finish, or for the lock to expire if that"
                + " instance is gone, and import again");
      }
    }
    return Optional.empty();
  }

  /**
   * migrate-mongo's lock documents ({@code {createdAt}}, only when its {@code lockTtl} is above 0)
   * expire through a TTL index on {@code createdAt}. migrate-mongo itself takes any document as a
   * held lock until MongoDB's TTL monitor has deleted it; here one past its TTL is free already.
   */
  private static Optional<String> migrateMongoLock(
      MongoCollection<Document> locks, String name, Instant now) {
    Long ttlSeconds = null;
    for (Document index : locks.listIndexes()) {
      if (index.get("expireAfterSeconds") instanceof Number seconds) {
        ttlSeconds = seconds.longValue();
      }
    }
    for (Document lock : locks.find()) {
      Instant createdAt = time(lock.get("createdAt"));
      Instant expiresAt =
          createdAt == null || ttlSeconds == null ? null : createdAt.plusSeconds(ttlSeconds);
      if (expiresAt == null || expiresAt.isAfter(now)) {
        return Optional.of(
            "migrate-mongo's lock in '"
                + name
                + "' is held since "
                + createdAt
                + (expiresAt == null ? " without expiry" : " until " + expiresAt)
                + " (document _id "
                + lock.get("_id")
                + "): wait for that migrate-mongo run to finish; if none is running, one that"
                + " died left it, so delete that document and import again");
      }
    }
    return Optional.empty();
  }

  /**
   * A date, or Flyway's {@code installed_on} written as text, as an instant. Flyway's MongoDB
   * support writes {@code installed_on} as the text of a {@code java.sql.Timestamp} ({@code
   * yyyy-MM-dd HH:mm:ss.f...}), which is in the default time zone of the JVM that ran Flyway and
   * names no zone; it is read as UTC.
   */
  static @Nullable Instant time(@Nullable Object value) {
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof String text && !text.isBlank()) {
      try {
        return Instant.parse(text.trim());
      } catch (DateTimeParseException notIso) {
        try {
          return LocalDateTime.parse(text.trim(), FlywayTime.FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Comparator<@Nullable Instant> nullsFirst() {
    return Comparator.nullsFirst(Comparator.naturalOrder());
  }

  private static long number(@Nullable Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** Flyway's timestamp format, built on first use: every runner builds this class, few import. */
  private static final class FlywayTime {

    static final DateTimeFormatter FORMAT =
        new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private FlywayTime() {}
  }
}
