package com.lms.migrations;

import static com.lms.migrations.MigrationStore.HISTORY;
import static com.lms.migrations.MigrationStore.RUN;
import static com.lms.migrations.MigrationStore.RUNNING;
import static com.lms.migrations.MigrationStore.STATUS;

import com.lms.migrations.StoredMigration.Running;
import com.lms.migrations.fingerprint.CodeFingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Reads the documents of the status collection: a migration's status with its running mark, and its
 * history. A field that holds what lms-migrations never writes there is named, with what it holds
 * and what was expected; a document that is not a status document at all means the collection is
 * used for something else.
 */
final class StatusDocuments {

  private StatusDocuments() {}

  /** A status document's history entries, oldest first. */
  static List<MigrationHistoryEntry> history(String collection, String name, Document document) {
    RecordFields fields = new RecordFields(collection, name, "");
    List<?> entries = fields.get(document, HISTORY, List.class, "a list of documents");
    if (entries == null) {
      return List.of();
    }
    List<MigrationHistoryEntry> history = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String field = HISTORY + "." + i;
      if (!(entries.get(i) instanceof Document entry)) {
        throw fields.unreadable(field, entries.get(i), "a document");
      }
      history.add(readHistoryEntry(entry, fields.nested(field)));
    }
    return history;
  }

  private static MigrationHistoryEntry readHistoryEntry(Document entry, RecordFields fields) {
    Number durationMs = fields.get(entry, "durationMs", Number.class, "a number");
    Number pid = fields.get(entry, "pid", Number.class, "a number");
    return new MigrationHistoryEntry(
        fields.require(entry, "action", String.class, "a string"),
        fields.requireOneOf(entry, "outcome", MigrationState.class),
        fields.require(entry, "at", Date.class, "a date").toInstant(),
        durationMs == null ? 0 : durationMs.longValue(),
        fields.get(entry, "host", String.class, "a string"),
        pid == null ? 0 : pid.longValue(),
        fields.get(entry, "owner", String.class, "a string"),
        fields.get(entry, "principal", String.class, "a string"),
        fields.get(entry, "error", String.class, "a string"),
        fields.get(entry, "source", String.class, "a string"),
        fields.get(entry, MigrationStore.CHECKSUM, String.class, "a string"),
        steps(entry, fields));
  }

  private static List<String> steps(Document entry, RecordFields fields) {
    List<?> steps = fields.get(entry, MigrationStore.STEPS, List.class, "a list of strings");
    if (steps == null) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(steps.size());
    for (Object step : steps) {
      lines.add(String.valueOf(step));
    }
    return lines;
  }

  /**
   * A status document as a stored migration.
   *
   * @throws ForeignMigrationCollectionException when it is not a status document at all
   * @throws UnreadableMigrationRecordException when a field holds what lms-migrations never writes
   */
  static StoredMigration read(String collection, Document document) {
    MigrationState state = constantOf(MigrationState.class, document.get(STATUS));
    if (!(document.get("_id") instanceof String name)
        || !(document.get("version") instanceof Number version)
        || state == null) {
      // Not one of ours at all: more likely a collection used for something else than an edit.
      throw new ForeignMigrationCollectionException(collection, document);
    }
    RecordFields fields = new RecordFields(collection, name, "");
    // Every RUNNING record has its runner's mark: without one it could never be recovered.
    Document running =
        state == MigrationState.RUNNING
            ? fields.require(document, RUNNING, Document.class, "a document (its runner's mark)")
            : fields.get(document, RUNNING, Document.class, "a document");
    Number executionTime = fields.get(document, "executionTime", Number.class, "a number");
    return new StoredMigration(
        name,
        version.intValue(),
        fields.get(document, "description", String.class, "a string"),
        state,
        instant(fields.get(document, "executedAt", Date.class, "a date")),
        executionTime == null ? null : executionTime.longValue(),
        fields.get(document, "error", String.class, "a string"),
        fields.oneOf(document, "lastDirection", Direction.class),
        running == null ? null : readRunning(running, fields.nested(RUNNING)),
        fields.get(document, RUN, String.class, "a string"),
        readCode(document, fields));
  }

  /** The constant named by a stored value, {@code null} when it names none. */
  static <E extends Enum<E>> @Nullable E constantOf(Class<E> type, @Nullable Object value) {
    if (value instanceof String name) {
      try {
        return Enum.valueOf(type, name);
      } catch (IllegalArgumentException e) {
        return null; // no constant of that name
      }
    }
    return null;
  }

  /** The fingerprint an applied migration was recorded with, if one was. */
  private static StoredMigration.@Nullable RecordedCode readCode(
      Document document, RecordFields fields) {
    String checksum = fields.get(document, MigrationStore.CHECKSUM, String.class, "a string");
    if (checksum == null) {
      return null;
    }
    Number classFileVersion =
        fields.get(document, MigrationStore.CLASS_FILE_VERSION, Number.class, "a number");
    CodeFingerprint fingerprint;
    try {
      fingerprint =
          new CodeFingerprint(checksum, classFileVersion == null ? 0 : classFileVersion.intValue());
    } catch (IllegalArgumentException e) {
      throw fields.unreadable(MigrationStore.CHECKSUM, checksum, "sha256:<hex> or user:<text>");
    }
    return new StoredMigration.RecordedCode(
        fingerprint,
        fields.get(document, MigrationStore.APPLIED_BY, String.class, "a string"),
        fields.get(document, MigrationStore.CLASS_BYTES, String.class, "a string"));
  }

  /** A running mark: who runs it, since when and which way, which recovering it needs. */
  static Running readRunning(Document running, RecordFields fields) {
    Number pid = fields.get(running, "pid", Number.class, "a number");
    return new Running(
        fields.require(running, "owner", String.class, "a string"),
        fields.get(running, "host", String.class, "a string"),
        pid == null ? 0 : pid.longValue(),
        fields.require(running, "since", Date.class, "a date").toInstant(),
        fields.requireOneOf(running, "direction", Direction.class),
        fields.get(running, RUN, String.class, "a string"));
  }

  /**
   * Reads a status document's fields, naming the field (dotted after {@code prefix} when nested),
   * what it holds and what was expected when it holds something lms-migrations never writes there.
   */
  private record RecordFields(String collection, String migration, String prefix) {

    RecordFields nested(String field) {
      return new RecordFields(collection, migration, prefix + field + ".");
    }

    <T> @Nullable T get(Document document, String field, Class<T> type, String expected) {
      Object value = document.get(field);
      if (value == null || type.isInstance(value)) {
        return type.cast(value);
      }
      throw unreadable(field, value, expected);
    }

    <T> T require(Document document, String field, Class<T> type, String expected) {
      T value = get(document, field, type, expected);
      if (value == null) {
        throw unreadable(field, null, expected);
      }
      return value;
    }

    <E extends Enum<E>> @Nullable E oneOf(Document document, String field, Class<E> type) {
      Object value = document.get(field);
      E constant = constantOf(type, value);
      if (value != null && constant == null) {
        throw unreadable(field, value, choices(type));
      }
      return constant;
    }

    <E extends Enum<E>> E requireOneOf(Document document, String field, Class<E> type) {
      E value = oneOf(document, field, type);
      if (value == null) {
        throw unreadable(field, null, choices(type));
      }
      return value;
    }

    static String choices(Class<? extends Enum<?>> type) {
      List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
      return String.join(", ", names.subList(0, names.size() - 1))
          + " or "
          + names.get(names.size() - 1);
    }

    private UnreadableMigrationRecordException unreadable(
        String field, @Nullable Object value, String expected) {
      return new UnreadableMigrationRecordException(
          collection, migration, prefix + field, value, expected);
    }
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }
}
