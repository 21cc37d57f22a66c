package com.lms.migrations.test;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationState;
import com.lms.migrations.verify.IrreversibleMigrationException;
import com.lms.migrations.verify.ReversibilityCheck;
import com.lms.migrations.verify.ReversibilityReport;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One test's database and the migrations under test: migrate to a version, insert fixtures in the
 * format of that version, apply the next migration, assert, roll it back, assert.
 *
 * <pre>{@code
 * db.migrateTo(5)
 *     .insert("courses", new Document("_id", "c1").append("description", "Intro"));
 * db.apply(6);
 * assertThat(db.documents("courses")).containsExactly(
 *     new Document("_id", "c1").append("courseDescription", "Intro"));
 * db.rollback(6);
 * db.assertReversible(6);
 * }</pre>
 *
 * <p>The database was created for this test by {@link MigrationTest @MigrationTest} and is dropped
 * after it. Every method that takes a version refuses one that no migration has, naming the known
 * versions; 0 means "before the first migration" where a state is meant ({@link #migrateTo}).
 */
public final class MigrationTester {

  private final TestDatabases.Fresh database;
  private final MongoTemplate mongoTemplate;
  private final MigrationRunner runner;
  private final List<Migration> migrations;
  private final MigrationSettings settings;

  MigrationTester(
      TestDatabases.Fresh database, List<Migration> migrations, MigrationSettings settings) {
    this.database = database;
    this.mongoTemplate = new MongoTemplate(database.client(), database.name());
    this.runner =
        MigrationRunner.builder(mongoTemplate).settings(settings).migrations(migrations).build();
    this.migrations = runner.getMigrations();
    this.settings = settings;
  }

  /**
   * A template on this test's database, for fixtures and assertions beyond the shortcuts here.
   *
   * @return the template
   */
  public MongoTemplate mongoTemplate() {
    return mongoTemplate;
  }

  /**
   * The runner of the migrations under test on this test's database, for anything the shortcuts
   * here do not cover (statuses, logs, history).
   *
   * @return the runner
   */
  public MigrationRunner runner() {
    return runner;
  }

  /**
   * The highest applied version.
   *
   * @return the version, 0 when nothing is applied
   */
  public int currentVersion() {
    return runner.info().currentVersion();
  }

  /**
   * Brings the database to a version: rolls back every applied migration above it (newest first)
   * and applies every pending one up to it.
   *
   * @param version a version some migration has, or 0 for none applied
   * @return this tester
   * @throws IllegalArgumentException when no migration has this version, naming the known ones
   */
  public MigrationTester migrateTo(int version) {
    if (version != 0) {
      require(version, "migrate to", "; 0 means before the first migration");
    }
    runner.rollbackTo(version);
    runner.upTo(version);
    return this;
  }

  /**
   * Applies one migration, as {@link MigrationRunner#up(String)} does.
   *
   * @param version the migration's version
   * @return this tester
   * @throws IllegalArgumentException when no migration has this version, naming the known ones
   * @throws IllegalStateException when it is already applied, so applying it would test nothing
   * @throws com.lms.migrations.MigrationFailedException when its {@code up} throws
   */
  public MigrationTester apply(int version) {
    Migration migration = require(version, "apply", "");
    if (isApplied(migration)) {
      throw new IllegalStateException(
          "Cannot apply version "
              + version
              + ": migration '"
              + migration.name()
              + "' is already applied, so its up would not run. Call migrateTo("
              + versionBefore(version)
              + ") first.");
    }
    runner.up(migration.name());
    return this;
  }

  /**
   * Rolls one migration back, as {@link MigrationRunner#down(String)} does.
   *
   * @param version the migration's version
   * @return this tester
   * @throws IllegalArgumentException when no migration has this version, naming the known ones
   * @throws com.lms.migrations.MigrationNotAppliedException when it is not applied
   * @throws com.lms.migrations.MigrationFailedException when its {@code down} throws
   */
  public MigrationTester rollback(int version) {
    runner.down(require(version, "roll back", "").name());
    return this;
  }

  /**
   * Inserts fixtures, for example documents in the format before a migration.
   *
   * @param collection the collection
   * @param documents the documents; those without an {@code _id} get one
   * @return this tester
   */
  public MigrationTester insert(String collection, Document... documents) {
    if (documents.length > 0) {
      mongoTemplate.getCollection(collection).insertMany(Arrays.asList(documents));
    }
    return this;
  }

  /**
   * Every document of a collection, by {@code _id}.
   *
   * @param collection the collection
   * @return the documents; empty when the collection does not exist
   */
  public List<Document> documents(String collection) {
    return mongoTemplate
        .getCollection(collection)
        .find()
        .sort(Sorts.ascending("_id"))
        .into(new ArrayList<>());
  }

  /**
   * Checks that the pending migrations up to a version are reversible, starting from this
   * database's documents and indexes: on a copy, in a scratch database created and dropped for the
   * check, each one is applied, rolled back and applied again ({@link ReversibilityCheck}). This
   * database is left as it is.
   *
   * @param version the highest version to check
   * @return the report, one entry per migration checked
   * @throws IllegalArgumentException when no migration has this version, naming the known ones
   * @throws IllegalStateException when every migration up to it is already applied (nothing to
   *     check)
   */
  public ReversibilityReport reversibility(int version) {
    require(version, "check reversibility up to", "");
    List<Migration> checked = migrations.stream().filter(m -> m.version() <= version).toList();
    if (checked.stream().allMatch(this::isApplied)) {
      throw new IllegalStateException(
          "Nothing to check up to version "
              + version
              + ": every migration up to it is already applied in this database. Call migrateTo("
              + versionBefore(version)
              + ") (or lower) first.");
    }
    TestDatabases.Fresh scratch = database.sibling("reversibility");
    try {
      return ReversibilityCheck.of(checked)
          .settings(settings)
          .copyFrom(mongoTemplate)
          .run(new MongoTemplate(scratch.client(), scratch.name()));
    } finally {
      scratch.close();
    }
  }

  /**
   * Fails unless every pending migration up to a version is reversible; see {@link
   * #reversibility(int)}.
   *
   * @param version the highest version to check
   * @return this tester
   * @throws IrreversibleMigrationException listing what each failing migration's {@code down} left
   *     behind
   */
  public MigrationTester assertReversible(int version) {
    reversibility(version).assertReversible();
    return this;
  }

  private boolean isApplied(Migration migration) {
    return runner
        .getStatus(migration.name())
        .filter(status -> status.status() == MigrationState.COMPLETED)
        .isPresent();
  }

  private Migration require(int version, String action, String hint) {
    return migrations.stream()
        .filter(migration -> migration.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot "
                        + action
                        + " version "
                        + version
                        + ": no migration has that version. Known versions: "
                        + knownVersions()
                        + hint
                        + "."));
  }

  /** The highest known version below this one, or 0. */
  private int versionBefore(int version) {
    return migrations.stream()
        .mapToInt(Migration::version)
        .filter(known -> known < version)
        .max()
        .orElse(0);
  }

  private String knownVersions() {
    if (migrations.isEmpty()) {
      return "none (no migration is registered)";
    }
    return String.join(
        ", ", migrations.stream().map(migration -> String.valueOf(migration.version())).toList());
  }
}
