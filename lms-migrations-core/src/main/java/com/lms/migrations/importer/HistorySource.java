package com.lms.migrations.importer;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where another migration tool keeps its history, for {@link
 * MigrationRunner#importHistory(HistorySource)}. Start from the tool's defaults and change the
 * collection names where the tool was configured differently:
 *
 * <pre>{@code
 * HistorySource.of(HistorySource.Tool.MONGOCK).withCollection("changelog_v5")
 * }</pre>
 *
 * @param tool the tool that wrote the history
 * @param collection the collection holding its history
 * @param lockCollection the collection holding its lock, {@code null} when it has none
 * @param mappings old change ids mapped to the names of the migrations replacing them, in addition
 *     to what {@link Migration#replaces()} says (for example from configuration)
 */
public record HistorySource(
    Tool tool, String collection, @Nullable String lockCollection, Map<String, String> mappings) {

  /** The migration tools whose history can be imported. */
  public enum Tool {
    /** Mongock 4 and 5: {@code mongockChangeLog}, locked by {@code mongockLock}. */
    MONGOCK("mongock", "mongockChangeLog", "mongockLock"),
    /** mongobee: {@code dbchangelog}, locked by {@code mongobeelock}. */
    MONGOBEE("mongobee", "dbchangelog", "mongobeelock"),
    /** migrate-mongo: {@code changelog}, locked by {@code changelog_lock}. */
    MIGRATE_MONGO("migrate-mongo", "changelog", "changelog_lock"),
    /** Flyway for MongoDB: {@code flyway_schema_history}, without a lock collection. */
    FLYWAY("flyway", "flyway_schema_history", null);

    private final String id;
    private final String defaultCollection;
    private final @Nullable String defaultLockCollection;

    Tool(String id, String defaultCollection, @Nullable String defaultLockCollection) {
      this.id = id;
      this.defaultCollection = defaultCollection;
      this.defaultLockCollection = defaultLockCollection;
    }

    /**
     * The tool's name as written in configuration.
     *
     * @return {@code mongock}, {@code mongobee}, {@code migrate-mongo} or {@code flyway}
     */
    public String id() {
      return id;
    }

    /**
     * The tool with a configuration name, ignoring case.
     *
     * @param id {@code mongock}, {@code mongobee}, {@code migrate-mongo} or {@code flyway}
     * @return the tool
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static Tool fromId(String id) {
      for (Tool tool : values()) {
        if (tool.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
          return tool;
        }
      }
      throw new IllegalArgumentException(
          "Unknown migration tool '"
              + id
              + "': use one of mongock, mongobee, migrate-mongo or flyway");
    }
  }

  /**
   * Checks the values and copies the mappings.
   *
   * @param tool the tool that wrote the history
   * @param collection the collection holding its history
   * @param lockCollection the collection holding its lock, {@code null} when it has none
   * @param mappings old change ids mapped to the names of the migrations replacing them, in
   *     addition to what {@link Migration#replaces()} says (for example from configuration)
   */
  public HistorySource {
    Objects.requireNonNull(tool, "tool must not be null");
    if (collection == null || collection.isBlank()) {
      throw new IllegalArgumentException(
          "The history collection of "
              + tool.id
              + " must not be blank, but was '"
              + collection
              + "'");
    }
    if (lockCollection != null && lockCollection.isBlank()) {
      throw new IllegalArgumentException(
          "The lock collection of " + tool.id + " must be null (none) or a name, but was blank");
    }
    mappings = Map.copyOf(Objects.requireNonNull(mappings, "mappings must not be null"));
  }

  /**
   * The tool's history in its default collections, without extra mappings.
   *
   * @param tool the tool
   * @return the source
   */
  public static HistorySource of(Tool tool) {
    return new HistorySource(tool, tool.defaultCollection, tool.defaultLockCollection, Map.of());
  }

  /**
   * The same source with another history collection.
   *
   * @param collection the collection name
   * @return a copy
   */
  public HistorySource withCollection(String collection) {
    return new HistorySource(tool, collection, lockCollection, mappings);
  }

  /**
   * The same source with another lock collection.
   *
   * @param lockCollection the collection name, {@code null} to check no lock
   * @return a copy
   */
  public HistorySource withLockCollection(@Nullable String lockCollection) {
    return new HistorySource(tool, collection, lockCollection, mappings);
  }

  /**
   * The same source with old change ids mapped to migration names.
   *
   * @param mappings old change id to the name of the migration replacing it
   * @return a copy
   */
  public HistorySource withMappings(Map<String, String> mappings) {
    return new HistorySource(tool, collection, lockCollection, mappings);
  }
}
