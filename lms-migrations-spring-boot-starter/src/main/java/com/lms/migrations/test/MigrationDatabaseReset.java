package com.lms.migrations.test;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Puts a Spring test context's database back to a known state between tests, without restarting the
 * context. Every Spring test context has this bean ({@code @SpringBootTest},
 * {@code @DataMongoTest}, ...):
 *
 * <pre>{@code
 * @Autowired MigrationDatabaseReset database;
 *
 * @BeforeEach
 * void freshlyMigrated() {
 *   database.reset();
 * }
 * }</pre>
 *
 * <p>Both methods drop every collection of the application's database (the database of the
 * context's {@code MongoTemplate}), and of the database the migrations run against when that is
 * another ({@code lms.migrations.database}, a {@code @MigrationsMongoTemplate}), except {@code
 * system.*} and {@value #OWNER_COLLECTION}: the data, the migration history, its logs, the lock and
 * backups. Indexes that Spring Data creates for entities when the context starts ({@code
 * spring.data.mongodb.auto-index-creation}) go with them; indexes that migrations create come back.
 *
 * <p>It only drops a database that this test run owns. When a test context of this JVM first looks
 * at its database (as soon as the {@code MongoDatabaseFactory} bean exists, before the template,
 * the migrations or any loader write to it) and finds no collection, it writes an ownership marker
 * into it: the document {@code {_id: "owner", owner: <a random id of this JVM>, pid, at}} in the
 * collection {@value #OWNER_COLLECTION}. Right before dropping, the reset reads the marker and goes
 * on only when it carries this JVM's id; right after, it writes the marker again. A database
 * without the marker is refused when it holds any collection (one that holds none has nothing to
 * drop, so the reset marks it and goes on), and so is a database marked by another JVM, unless
 * asked through {@link #allowingExistingDatabase()}. The marker's collection stays, so leave it out
 * of assertions about the database's collections, or use {@link #collectionNames()}.
 */
public final class MigrationDatabaseReset {

  /** The collection of the ownership marker, which the reset keeps. */
  public static final String OWNER_COLLECTION = NewDatabases.OWNER_COLLECTION;

  private static final String RUN_ON_STARTUP = "lms.migrations.run-on-startup";

  private final ListableBeanFactory beans;
  private final Environment environment;
  private final boolean existingDatabaseAllowed;

  MigrationDatabaseReset(
      ListableBeanFactory beans, Environment environment, boolean existingDatabaseAllowed) {
    this.beans = beans;
    this.environment = environment;
    this.existingDatabaseAllowed = existingDatabaseAllowed;
  }

  /**
   * Drops every collection, then applies the migrations as startup does (the {@link
   * MigrationStartupStrategy}, so up to {@code lms.migrations.target-version}); with {@code
   * lms.migrations.run-on-startup=false} it applies nothing, as startup did not.
   *
   * @throws IllegalStateException when the database was not created for the tests
   */
  public void reset() {
    MigrationRunner runner = runner();
    drop(runner);
    if (environment.getProperty(RUN_ON_STARTUP, Boolean.class, true)) {
      MigrationStartupStrategy strategy =
          beans.getBeanProvider(MigrationStartupStrategy.class).getIfUnique();
      if (strategy != null) {
        strategy.migrate(runner);
      } else {
        runner.validateAndUpTo(Integer.MAX_VALUE);
      }
    }
  }

  /**
   * Drops every collection, then applies the migrations up to a version.
   *
   * @param version a version some migration has, or 0 to apply none (only the ownership marker
   *     stays)
   * @throws IllegalArgumentException when no migration has this version, naming the known ones;
   *     nothing is dropped then
   * @throws IllegalStateException when the database was not created for the tests
   */
  public void resetTo(int version) {
    MigrationRunner runner = runner();
    List<Migration> migrations = runner.getMigrations();
    if (version != 0 && migrations.stream().noneMatch(m -> m.version() == version)) {
      throw new IllegalArgumentException(
          "Cannot reset to version "
              + version
              + ": no migration has that version. Known versions: "
              + (migrations.isEmpty()
                  ? "none (no migration is registered)"
                  : String.join(
                      ", ", migrations.stream().map(m -> String.valueOf(m.version())).toList()))
              + "; 0 leaves the database empty.");
    }
    drop(runner);
    runner.upTo(version);
  }

  /**
   * The collections of the application's database, without {@code system.*} and without the
   * ownership marker's collection {@value #OWNER_COLLECTION}: what the tests and the migrations
   * created.
   *
   * @return the names, sorted
   * @throws IllegalStateException when the test context has no single {@code MongoTemplate}
   */
  public List<String> collectionNames() {
    return NewDatabases.collections(template().getDb(), true);
  }

  /**
   * The same reset for a database that this test run does not own (no ownership marker, or another
   * JVM's): its collections are dropped all the same, except the marker's, which is left as it is.
   * Use it only on a database whose every collection the tests may destroy.
   *
   * @return a reset that does not check the ownership marker
   */
  public MigrationDatabaseReset allowingExistingDatabase() {
    return new MigrationDatabaseReset(beans, environment, true);
  }

  private MigrationRunner runner() {
    MigrationRunner runner = beans.getBeanProvider(MigrationRunner.class).getIfUnique();
    if (runner == null) {
      throw new IllegalStateException(
          "Cannot reset: the test context has no single MigrationRunner bean (is"
              + " lms.migrations.enabled=false, or is there no MongoTemplate?).");
    }
    return runner;
  }

  private MongoTemplate template() {
    MongoTemplate template = beans.getBeanProvider(MongoTemplate.class).getIfUnique();
    if (template == null) {
      throw new IllegalStateException(
          "Cannot reset: the test context has no single MongoTemplate bean, so which database to"
              + " reset is unclear.");
    }
    return template;
  }

  /**
   * Drops the collections of the application's database and of the database the migrations run
   * against, when that is another ({@code lms.migrations.database}, a {@link
   * com.lms.migrations.connection.MigrationsMongoTemplate}): each says, right before, whether it is
   * this run's, and none is dropped unless all are.
   */
  private void drop(MigrationRunner runner) {
    List<MongoDatabase> databases =
        List.of(template().getDb(), MigrationsDatabase.of(beans, runner));
    if (!existingDatabaseAllowed) {
      databases.forEach(this::requireOurs);
    }
    for (MongoDatabase database : databases) {
      NewDatabases.collections(database, true).forEach(name -> database.getCollection(name).drop());
      if (!existingDatabaseAllowed) {
        NewDatabases.mark(database);
      }
    }
  }

  /** Goes on only for a database this run marked, or one it may claim because it holds nothing. */
  private void requireOurs(MongoDatabase database) {
    Document marker = NewDatabases.marker(database);
    if (NewDatabases.isOurs(marker)) {
      return;
    }
    boolean claimed =
        marker == null
            && NewDatabases.collections(database, true).isEmpty()
            && NewDatabases.claim(database);
    if (!claimed) {
      throw refusal(database.getName(), marker);
    }
  }

  private IllegalStateException refusal(String database, @Nullable Document marker) {
    String fact;
    if (marker != null) {
      fact =
          "it is marked as the database of another test run ("
              + marker.get("owner")
              + ", pid "
              + marker.get("pid")
              + ", since "
              + marker.get("at")
              + ") in its collection "
              + OWNER_COLLECTION
              + ", not of this one";
    } else {
      NewDatabaseRecorder recorder = beans.getBeanProvider(NewDatabaseRecorder.class).getIfUnique();
      NewDatabases.FirstLook first = recorder == null ? null : recorder.firstLook(database);
      String unmarked = " and it has no ownership marker of this test run";
      if (first == null) {
        fact =
            "lms-migrations did not look at it before the application used it (no"
                + " MongoDatabaseFactory or MongoTemplate bean of the context led to it)"
                + unmarked;
      } else if (first.error() != null) {
        fact =
            "it could not be read when the test context started (" + first.error() + ")" + unmarked;
      } else if (!first.isNew()) {
        fact =
            "it already held collections when the test context started "
                + first.collections()
                + unmarked;
      } else {
        fact =
            "the ownership marker this test run wrote into it (collection "
                + OWNER_COLLECTION
                + ") was removed since, and it holds collections again";
      }
    }
    return new IllegalStateException(
        "Refusing to reset database '"
            + database
            + "': "
            + fact
            + ", so it may not have been created for these tests and dropping its collections"
            + " could destroy data. The reset only drops a database that this test run found"
            + " empty and marked as its own. Point the tests at a database of their own (a"
            + " Testcontainers container with @ServiceConnection, an in-memory server, or a"
            + " spring.mongodb.database used by nothing else), or call allowingExistingDatabase()"
            + " if every collection in it may be dropped.");
  }
}
