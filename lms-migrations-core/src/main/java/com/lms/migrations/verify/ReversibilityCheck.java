package com.lms.migrations.verify;

import com.lms.migrations.DatabaseNames;
import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.PlannedMigration;
import com.lms.migrations.batch.BatchJob;
import com.lms.migrations.verify.ReversibilityReport.Check;
import com.lms.migrations.verify.ReversibilityReport.Outcome;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Tests rollbacks before production: in a scratch database, runs each pending migration (background
 * migrations too, in the foreground) up, down and up again, and reports every migration whose
 * {@code down} does not bring the documents and indexes back to the state before its {@code up}.
 *
 * <pre>{@code
 * ReversibilityCheck.of(migrations)
 *     .withFixture("courses", List.of(new Document("_id", "c1").append("credits", "3")))
 *     .run(scratchTemplate)
 *     .assertReversible();
 * }</pre>
 *
 * <p>The scratch database is dropped first. Its content comes from fixtures, from a copy of another
 * database's collections ({@link #copyFrom}), or both. Migrations already applied in the copied
 * database are recorded as applied in the scratch one and not run; with fixtures only, every
 * migration is checked.
 */
public final class ReversibilityCheck {

  private final List<Migration> migrations;
  private final Map<String, List<Document>> fixtures = new LinkedHashMap<>();
  private @Nullable MongoTemplate source;
  private List<String> sourceCollections = List.of();
  private MigrationSettings settings = MigrationSettings.defaults();

  private ReversibilityCheck(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
  }

  /**
   * A check of these migrations.
   *
   * @param migrations the migrations, in any order
   * @return the check
   */
  public static ReversibilityCheck of(List<? extends Migration> migrations) {
    return new ReversibilityCheck(new ArrayList<>(migrations));
  }

  /**
   * Starts from documents of a collection.
   *
   * @param collection the collection
   * @param documents its documents
   * @return this check
   */
  public ReversibilityCheck withFixture(String collection, List<Document> documents) {
    fixtures.put(collection, List.copyOf(documents));
    return this;
  }

  /**
   * Starts from a copy of another database: its documents and indexes, and which migrations it has
   * applied.
   *
   * @param source a template on the database to copy
   * @param collections the collections to copy; none means every collection except the migration
   *     history, logs, lock and backups
   * @return this check
   */
  public ReversibilityCheck copyFrom(MongoTemplate source, String... collections) {
    this.source = Objects.requireNonNull(source, "source must not be null");
    this.sourceCollections = List.of(collections);
    return this;
  }

  /**
   * Uses other collection names for the history and lock (in both databases).
   *
   * @param settings the settings
   * @return this check
   */
  public ReversibilityCheck settings(MigrationSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    return this;
  }

  /**
   * Runs the check. Drops the scratch database first.
   *
   * @param scratch a template on a database that may be dropped
   * @return the report
   */
  public ReversibilityReport run(MongoTemplate scratch) {
    if (source != null && source.getDb().getName().equals(scratch.getDb().getName())) {
      throw new IllegalArgumentException(
          "The scratch database must not be the source database '"
              + scratch.getDb().getName()
              + "'");
    }
    MongoDatabase database = scratch.getDb();
    requireScratch(database);
    database.drop();
    database
        .getCollection(DatabaseNames.SCRATCH_MARKER)
        .insertOne(new Document("_id", "reversibility-check"));
    Set<String> internal = internalCollections();
    List<MigrationStatus> sourceStatuses = List.of();
    if (source != null) {
      copy(source.getDb(), database, internal);
      MigrationRunner sourceRunner = new MigrationRunner(source, settings);
      migrations.forEach(sourceRunner::register);
      sourceStatuses = sourceRunner.info().migrations();
    }
    fixtures.forEach(
        (collection, documents) -> {
          if (!documents.isEmpty()) {
            database.getCollection(collection).insertMany(documents);
          }
        });
    MigrationRunner runner = new MigrationRunner(scratch, settings);
    migrations.forEach(runner::register);
    for (MigrationStatus status : sourceStatuses) {
      if (status.isApplied()) {
        runner.onBehalfOf("reversibility-check").markApplied(status.name());
      }
    }
    List<Check> checks = new ArrayList<>();
    // Every migration not applied, background ones too: each is applied here in the foreground.
    for (MigrationStatus status : runner.info().migrations()) {
      if (!status.isApplied()) {
        checks.add(
            check(
                runner,
                database,
                internal,
                new PlannedMigration(status.name(), status.version(), Direction.UP)));
      }
    }
    return new ReversibilityReport(checks);
  }

  private static Check check(
      MigrationRunner runner, MongoDatabase database, Set<String> internal, PlannedMigration step) {
    String name = step.name();
    CollectionSnapshot before = CollectionSnapshot.of(database, internal);
    try {
      runner.up(name);
    } catch (MigrationFailedException e) {
      return failed(step, List.of(), "up failed: " + describe(e.getCause()));
    }
    CollectionSnapshot afterUp = CollectionSnapshot.of(database, internal);
    List<String> touched = List.copyOf(afterUp.changedSince(before));
    try {
      runner.down(name);
    } catch (MigrationFailedException e) {
      return failed(step, touched, "down failed: " + describe(e.getCause()));
    }
    List<String> differences = CollectionSnapshot.of(database, internal).differencesFrom(before);
    try {
      runner.up(name);
    } catch (MigrationFailedException e) {
      return failed(step, touched, "up after down failed: " + describe(e.getCause()));
    }
    return new Check(
        name,
        step.version(),
        differences.isEmpty() ? Outcome.REVERSIBLE : Outcome.NOT_REVERSIBLE,
        touched,
        differences);
  }

  /** The migration's own error, as its status records it: type and message. */
  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getName()
        : cause.getClass().getSimpleName() + ": " + message;
  }

  private static Check failed(PlannedMigration step, List<String> touched, String error) {
    return new Check(step.name(), step.version(), Outcome.FAILED, touched, List.of(error));
  }

  private void copy(MongoDatabase from, MongoDatabase to, Set<String> internal) {
    List<String> names = new ArrayList<>(sourceCollections);
    if (names.isEmpty()) {
      for (String name : from.listCollectionNames()) {
        if (!internal.contains(name)
            && !name.startsWith(MigrationSettings.BACKUP_PREFIX)
            && !name.startsWith("system.")) {
          names.add(name);
        }
      }
    }
    for (String name : names) {
      MongoCollection<Document> target = to.getCollection(name);
      List<Document> chunk = new ArrayList<>();
      for (Document document : from.getCollection(name).find()) {
        chunk.add(document);
        if (chunk.size() == BatchJob.DEFAULT_BATCH_SIZE) {
          target.insertMany(chunk);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        target.insertMany(chunk);
      }
      List<Document> indexes = new ArrayList<>();
      for (Document index : from.getCollection(name).listIndexes()) {
        if (!"_id_".equals(index.getString("name"))) {
          index.remove("v");
          index.remove("ns");
          indexes.add(index);
        }
      }
      if (!indexes.isEmpty()) {
        to.runCommand(new Document("createIndexes", name).append("indexes", indexes));
      }
    }
  }

  /**
   * Proves the scratch database may be dropped: it holds nothing, or a check made it (its marker).
   */
  private static void requireScratch(MongoDatabase database) {
    List<String> collections = new ArrayList<>();
    database.listCollectionNames().forEach(collections::add);
    if (!collections.isEmpty() && !collections.contains(DatabaseNames.SCRATCH_MARKER)) {
      throw new IllegalArgumentException(
          "The scratch database '"
              + database.getName()
              + "' holds collections ("
              + String.join(", ", collections.subList(0, Math.min(5, collections.size())))
              + (collections.size() > 5 ? ", ..." : "")
              + ") and was not made by a reversibility check, so it is not dropped. Use an empty"
              + " database, or drop it yourself if it is a leftover.");
    }
  }

  private Set<String> internalCollections() {
    return Set.of(
        DatabaseNames.SCRATCH_MARKER,
        settings.collection(),
        MigrationSettings.logCollection(settings.collection()),
        MigrationSettings.checkpointCollection(settings.collection()),
        MigrationSettings.backgroundCollection(settings.collection()),
        MigrationSettings.stepCollection(settings.collection()),
        settings.lock().collection());
  }
}
