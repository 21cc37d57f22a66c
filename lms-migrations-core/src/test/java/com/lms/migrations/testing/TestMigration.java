package com.lms.migrations.testing;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.deploy.MigrationPhase;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A migration made of lambdas, for tests.
 *
 * <pre>{@code
 * TestMigration.of("add_tags", 1, ctx -> ..., ctx -> ...)
 * }</pre>
 */
public final class TestMigration implements Migration {

  /** A body of {@code up} or {@code down}. */
  @FunctionalInterface
  public interface Step {
    /**
     * Runs the step.
     *
     * @param context the migration context
     * @throws Exception any failure
     */
    void run(MigrationContext context) throws Exception;
  }

  private final String name;
  private final int version;
  private final Step up;
  private final Step down;
  private final boolean transactional;
  private final List<String> replaces;
  private final List<String> requires;
  private final MigrationPhase phase;

  private TestMigration(String name, int version, Step up, Step down, boolean transactional) {
    this(name, version, up, down, transactional, List.of(), List.of(), MigrationPhase.EXPAND);
  }

  private TestMigration(
      String name,
      int version,
      Step up,
      Step down,
      boolean transactional,
      List<String> replaces,
      List<String> requires,
      MigrationPhase phase) {
    this.name = name;
    this.version = version;
    this.up = up;
    this.down = down;
    this.transactional = transactional;
    this.replaces = replaces;
    this.requires = requires;
    this.phase = phase;
  }

  /**
   * A migration with the given steps.
   *
   * @param name its name
   * @param version its version
   * @param up what {@code up} does
   * @param down what {@code down} does
   * @return the migration
   */
  public static TestMigration of(String name, int version, Step up, Step down) {
    return new TestMigration(name, version, up, down, true);
  }

  /**
   * A migration that inserts {@code {_id: name}} into {@code effects} on up and removes it on down:
   * applying it twice fails with a duplicate key, so tests can count side effects.
   *
   * @param name its name
   * @param version its version
   * @return the migration
   */
  public static TestMigration recording(String name, int version) {
    return of(
        name,
        version,
        ctx -> ctx.mongoTemplate().insert(new Document("_id", name), "effects"),
        ctx -> ctx.mongoTemplate().remove(Query.query(Criteria.where("_id").is(name)), "effects"));
  }

  /**
   * The same migration, declared as not transactional.
   *
   * @return a copy
   */
  public TestMigration nonTransactional() {
    return new TestMigration(name, version, up, down, false, replaces, requires, phase);
  }

  /**
   * The same migration, as a contract migration (it waits for older builds to be gone).
   *
   * @return a copy
   */
  public TestMigration contract() {
    return new TestMigration(
        name, version, up, down, transactional, replaces, requires, MigrationPhase.CONTRACT);
  }

  /**
   * The same migration, requiring background migrations to have completed.
   *
   * @param names their names
   * @return a copy
   */
  public TestMigration requiring(String... names) {
    return new TestMigration(
        name, version, up, down, transactional, replaces, List.of(names), phase);
  }

  /**
   * The same migration, run in the background.
   *
   * @return a background migration with the same name, version and steps
   */
  public BackgroundMigration inBackground() {
    TestMigration self = this;
    return new BackgroundMigration() {
      @Override
      public MigrationPhase phase() {
        return self.phase();
      }

      @Override
      public String name() {
        return self.name;
      }

      @Override
      public int version() {
        return self.version;
      }

      @Override
      public void up(MigrationContext context) throws Exception {
        self.up.run(context);
      }

      @Override
      public void down(MigrationContext context) throws Exception {
        self.down.run(context);
      }

      @Override
      public String toString() {
        return "background " + self.name;
      }
    };
  }

  @Override
  public List<String> requires() {
    return requires;
  }

  /**
   * The same migration, replacing changes of another migration tool.
   *
   * @param oldIds the old tool's change ids
   * @return a copy
   */
  public TestMigration replacing(String... oldIds) {
    return new TestMigration(
        name, version, up, down, transactional, List.of(oldIds), requires, phase);
  }

  @Override
  public List<String> replaces() {
    return replaces;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public String description() {
    return "test migration " + name;
  }

  @Override
  public MigrationPhase phase() {
    return phase;
  }

  @Override
  public boolean transactional() {
    return transactional;
  }

  @Override
  public void up(MigrationContext context) throws Exception {
    up.run(context);
  }

  @Override
  public void down(MigrationContext context) throws Exception {
    down.run(context);
  }
}
