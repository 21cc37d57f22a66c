package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.deploy.InstancePresence;
import com.lms.migrations.deploy.MigrationPhase;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded, randomised driver that interleaves what three instances do (two of the current build,
 * one older build that knows fewer migrations) with operators' actions and crashes, and checks the
 * rules of INTERACTIONS.md after every step (the older build also starts and stops serving, and the
 * newer build's r3 is a contract migration that waits for it): recorded states agree with the side
 * effects present (counted per document), nothing is written during a dry run or where migrations
 * are not applied automatically, nothing above the target version, a pause holds, no lock or lease
 * is held at rest, and a rollback's version is not overturned by the next worker round. A failure
 * names the seed and the steps that led to it.
 *
 * <p>CI runs {@code lms.stateful.sequences} sequences (default 12) of {@code lms.stateful.steps}
 * steps (default 30) from seed {@code lms.stateful.seed} (default 2026); raise them for a long run.
 */
@ExtendWith(MongoDatabaseExtension.class)
class InterleavingStatefulTests {

  private static final Logger log = LoggerFactory.getLogger(InterleavingStatefulTests.class);

  private static final int ITEMS = 240;
  private static final int BATCH = 40;
  private static final List<String> REGULAR = List.of("r1", "r3");
  private static final List<String> BACKGROUND = List.of("b2", "b4");

  private TestDatabase db;

  /** The database of the instance acting in this step. */
  private MongoDatabase database;

  /** The older build, and its announced presence while it serves (contract r3 waits for it). */
  private MigrationRunner olderBuild;

  private InstancePresence olderBuildServing;

  @Test
  void everyInterleavingKeepsTheRules(TestDatabase db) {
    this.db = db;
    int sequences = Integer.getInteger("lms.stateful.sequences", 12);
    int steps = Integer.getInteger("lms.stateful.steps", 30);
    long seed = Long.getLong("lms.stateful.seed", 2026L);
    int ran = 0;
    for (int sequence = 0; sequence < sequences; sequence++) {
      long sequenceSeed = seed + sequence;
      List<String> trail = new ArrayList<>();
      try {
        runSequence(new Random(sequenceSeed), steps, trail);
        ran += trail.size();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "Seed "
                + sequenceSeed
                + " broke a rule after these steps:\n  "
                + String.join("\n  ", trail),
            e);
      }
    }
    log.info("Stateful run: {} sequences, {} steps, seed {}", sequences, ran, seed);
    assertThat(ran).isEqualTo(sequences * (steps + 1));
  }

  private void runSequence(Random random, int steps, List<String> trail) {
    MongoDatabase home = db.database();
    MongoDatabase tenant = TestMongo.client().getDatabase(db.name() + "_t2");
    Map<String, MigrationRunner> instances = new LinkedHashMap<>();
    Map<String, MongoDatabase> databases = new LinkedHashMap<>();
    for (MongoDatabase each : List.of(home, tenant)) {
      each.drop();
      Backfill.insert(each);
    }
    instances.put("a", runner(true));
    instances.put("b", runner(true));
    instances.put("old", runner(false));
    olderBuild = instances.get("old");
    olderBuildServing = null;
    // A tenant: the same migrations in another database; nothing done there changes the home one.
    instances.put("tenant", instances.get("a").forDatabase(tenant.getName()));
    instances.keySet().forEach(name -> databases.put(name, name.equals("tenant") ? tenant : home));
    Set<String> markedByHand = new HashSet<>();
    try {
      for (int step = 0; step < steps; step++) {
        String instance = List.copyOf(instances.keySet()).get(random.nextInt(instances.size()));
        MigrationRunner runner = instances.get(instance);
        database = databases.get(instance);
        MongoDatabase other = database == home ? tenant : home;
        Snapshot before = Snapshot.of(database);
        Snapshot otherBefore = Snapshot.of(other);
        String action =
            act(
                random,
                instance,
                runner,
                instance.equals("tenant") ? runner : instances.get("a"),
                markedByHand,
                before);
        trail.add(action);
        Snapshot after = Snapshot.of(database);
        checkPausesHeld(action, before, after);
        checkContractWaits(action, before, after);
        checkAtRest(database, markedByHand);
        assertThat(Snapshot.of(other))
            .as("the other database, untouched by " + action)
            .isEqualTo(otherBefore);
      }
      if (olderBuildServing != null) {
        olderBuildServing.close(); // the older build is gone before settling: nothing waits
        olderBuildServing = null;
      }
      database = home;
      settle(instances.get("a"), markedByHand);
      database = tenant;
      settle(instances.get("tenant"), markedByHand);
      trail.add("settle");
    } finally {
      tenant.drop();
    }
  }

  /**
   * Performs one random step and checks the rules that concern that step; whatever the step, the
   * older build never puts its version of the repeatable view back once a newer build's migration
   * is applied.
   */
  private String act(
      Random random,
      String instance,
      MigrationRunner runner,
      MigrationRunner current,
      Set<String> markedByHand,
      Snapshot before) {
    long olderViews = olderBuildViewRuns();
    boolean newerApplied = "COMPLETED".equals(status("r3")) || "COMPLETED".equals(status("b4"));
    String action = step(random, instance, runner, current, markedByHand, before);
    if (newerApplied) {
      assertThat(olderBuildViewRuns())
          .as("the older build's view run after a newer build's migration, by " + action)
          .isEqualTo(olderViews);
    }
    return action;
  }

  private String step(
      Random random,
      String instance,
      MigrationRunner runner,
      MigrationRunner current,
      Set<String> markedByHand,
      Snapshot before) {
    // Operators act on versioned migrations; the repeatable one runs where runs apply everything.
    List<String> known =
        runner.getMigrations().stream()
            .filter(migration -> !(migration instanceof RepeatableMigration))
            .map(Migration::name)
            .toList();

    String name = known.get(random.nextInt(known.size()));
    int choice = random.nextInt(100);
    try {
      if (choice < 30) {
        RunRules rules = randomRules(random);
        int stopAfter = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : Integer.MAX_VALUE;
        AtomicInteger asked = new AtomicInteger();
        BooleanSupplier stopping = () -> asked.incrementAndGet() > stopAfter;
        String action = instance + ": worker round " + rules + " stopping after " + stopAfter;
        runQuietly(() -> runner.background().runNext(stopping, rules));
        Snapshot after = Snapshot.of(database);
        if (rules.whyNothingRuns() != null) {
          assertThat(after).as("nothing written by " + action).isEqualTo(before);
        }
        for (String migration : List.of("r1", "b2", "r3", "b4")) {
          // A rollback an operator asked for by name is carried out whatever the target.
          if (version(migration) > rules.targetVersion() && !before.rollbackRequested(migration)) {
            assertThat(after.of(migration))
                .as(migration + " above the target after " + action)
                .isEqualTo(before.of(migration));
          }
        }
        return action;
      }
      if (choice < 45) {
        RunRules rules = randomRules(random);
        if (rules.whyNothingRuns() == null) {
          runQuietly(() -> runner.validateAndUpTo(rules.targetVersion()));
        }
        return instance + ": startup " + rules;
      }
      if (choice < 55 && BACKGROUND.contains(name)) {
        String control =
            switch (random.nextInt(3)) {
              case 0 -> {
                runner.background().pause(name);
                yield "pause";
              }
              case 1 -> {
                runner.background().resume(name);
                yield "resume";
              }
              default ->
                  runQuietly(() -> runner.background().rollback(name))
                      ? "rollback"
                      : "rollback (refused)";
            };
        return instance + ": control " + name + " " + control;
      }
      if (choice < 70) {
        boolean up = random.nextBoolean();
        runQuietly(() -> (up ? runner.up(name) : runner.down(name)));
        if (REGULAR.contains(name)) {
          markedByHand.remove(database.getName() + ":" + name);
        }
        return instance + ": " + (up ? "up " : "down ") + name;
      }
      if (choice < 78) {
        int version = random.nextInt(5);
        boolean done = runQuietly(() -> runner.rollbackTo(version));
        if (done && runner == current) {
          current.background().runNext(() -> false);
          assertThat(current.info().currentVersion())
              .as("version after rollbackTo(" + version + ") and a worker round")
              .isLessThanOrEqualTo(version);
        }
        return instance + ": rollbackTo " + version + (done ? "" : " (refused)");
      }
      if (choice < 86 && REGULAR.contains(name)) {
        // An operator marks a migration after making or undoing its change by hand.
        boolean applied = random.nextBoolean();
        MongoCollection<Document> effects = database.getCollection("effects");
        boolean marked =
            runQuietly(
                () ->
                    applied
                        ? runner.onBehalfOf("stateful").markApplied(name)
                        : runner.onBehalfOf("stateful").markPending(name));
        if (marked && applied && !hasChange(name)) {
          if (name.equals("r3")) {
            database.getCollection("items").updateMany(Filters.empty(), Updates.set("r3", true));
          } else {
            effects.insertOne(new Document("_id", name));
          }
        } else if (marked && !applied) {
          if (name.equals("r3")) {
            database.getCollection("items").updateMany(Filters.empty(), Updates.unset("r3"));
          } else {
            effects.deleteOne(Filters.eq("_id", name));
          }
        }
        return instance + ": mark " + name + (applied ? " applied" : " pending");
      }
      if (choice < 90) {
        return instance + ": " + acceptChange(runner, name);
      }
      if (choice < 93) {
        return "crash of " + crash(name);
      }
      if (choice < 97) {
        if (olderBuildServing == null) {
          olderBuildServing = olderBuild.instances().announce("lms", "old", Duration.ofMinutes(1));
          return "old: starts serving";
        }
        olderBuildServing.close();
        olderBuildServing = null;
        return "old: stops serving";
      }
      return instance + ": read " + runner.info().currentVersion();
    } catch (AssertionError e) {
      throw e;
    }
  }

  /**
   * An operator accepts a change of a migration's code after a build with other code applied it
   * (its recorded fingerprint says so): only the fingerprint and the history change, never a state,
   * a document of the migration's change, a control or a lock.
   */
  private String acceptChange(MigrationRunner runner, String name) {
    MongoCollection<Document> statuses = database.getCollection("lms_migrations");
    statuses.updateOne(
        Filters.and(Filters.eq("_id", name), Filters.eq("status", "COMPLETED")),
        Updates.set("checksum", "user:an-older-build"));
    Snapshot before = Snapshot.of(database);
    boolean accepted = runQuietly(() -> runner.onBehalfOf("stateful").acceptChange(name));
    Snapshot after = Snapshot.of(database);
    if (accepted) {
      assertThat(statuses.find(Filters.eq("_id", name)).first().getString("checksum"))
          .as("the fingerprint " + name + " is recorded with after accepting")
          .isNotEqualTo("user:an-older-build");
    }
    // Taking the lock recovers dead runners' marks, as for any operator's call; nothing else of
    // the migration changes: not its state, not the documents its change touched.
    if (!"RUNNING".equals(before.status(name))) {
      assertThat(withoutCode(after.of(name)))
          .as(name + " apart from its fingerprint, after accepting its change")
          .isEqualTo(withoutCode(before.of(name)));
    }
    assertThat(after.collections().get("items"))
        .as("the documents, after accepting a change of " + name)
        .isEqualTo(before.collections().get("items"));
    return "accept change of " + name + (accepted ? "" : " (refused)");
  }

  /** A migration's snapshot without what accepting a change writes: its code and history. */
  private static List<Object> withoutCode(List<Object> state) {
    List<Object> kept = new ArrayList<>();
    for (Object part : state) {
      if (part instanceof Document status) {
        Document copy = new Document(status);
        List.of("checksum", "classFileVersion", "appliedBy", "history", "historyCount")
            .forEach(copy::remove);
        kept.add(copy);
      } else {
        kept.add(part);
      }
    }
    return kept;
  }

  /** A runner that died: a running mark with nobody holding it, as a killed process leaves it. */
  private String crash(String name) {
    MongoCollection<Document> statuses = database.getCollection("lms_migrations");
    Document record = statuses.find(Filters.eq("_id", name)).first();
    String status = record == null ? "PENDING" : record.getString("status");
    boolean suspended =
        record != null && "PENDING".equals(status) && record.getString("run") != null;
    // A regular migration dies before its change (after it, a re-run would rightly collide); a
    // background one dies between two batches, its checkpoints written.
    if (!"PENDING".equals(status) || (BACKGROUND.contains(name) && !suspended && record != null)) {
      return name + " (nothing to crash)";
    }
    Document running =
        new Document("owner", "dead-" + name)
            .append("host", "pod-gone")
            .append("pid", 1L)
            .append("since", new Date())
            .append("direction", "UP")
            .append("run", suspended ? record.getString("run") : "dead-run");
    if (record == null) {
      statuses.insertOne(
          new Document("_id", name)
              .append("version", version(name))
              .append("description", "")
              .append("status", "RUNNING")
              .append("running", running));
    } else {
      statuses.updateOne(
          Filters.eq("_id", name),
          Updates.combine(Updates.set("status", "RUNNING"), Updates.set("running", running)));
    }
    return name;
  }

  private void settle(MigrationRunner current, Set<String> markedByHand) {
    for (String name : BACKGROUND) {
      current.background().resume(name);
    }
    for (int round = 0; round < 20; round++) {
      runQuietly(current::upAll);
      boolean ran = false;
      while (runQuietly(() -> current.background().runNext(() -> false).orElse(null))) {
        ran = true;
      }
      for (String name : BACKGROUND) {
        current.background().resume(name); // a failed one is retried
      }
      if (!ran && current.info().pending().isEmpty()) {
        break;
      }
    }
    assertThat(current.info().pending()).as("pending after settling").isEmpty();
    assertThat(database.getCollection("views").find().first())
        .as("the current build's view after settling")
        .isEqualTo(new Document("_id", "view").append("version", "new"));
    checkAtRest(database, markedByHand);
    for (String name : BACKGROUND) {
      assertThat(items().countDocuments(Filters.eq(name, 1)))
          .as(name + " applied once")
          .isEqualTo(ITEMS);
    }
  }

  /** The rules that hold whatever the last step was. */
  private void checkAtRest(MongoDatabase database, Set<String> markedByHand) {
    Document view =
        database.getCollection("lms_migrations").find(Filters.eq("_id", "view")).first();
    if (view != null && "COMPLETED".equals(view.getString("status"))) {
      assertThat(database.getCollection("views").find().first())
          .as("the view in place is the one recorded")
          .isEqualTo(
              new Document("_id", "view")
                  .append("version", view.getString("checksum").substring("user:".length())));
    }
    assertThat(database.getCollection("lms_migrations_lock").countDocuments())
        .as("locks and leases held at rest")
        .isZero();
    for (String name : REGULAR) {
      String status = status(name);
      boolean effect = hasChange(name);
      if (!markedByHand.contains(database.getName() + ":" + name)) {
        if ("COMPLETED".equals(status)) {
          assertThat(effect).as(name + " COMPLETED has its change").isTrue();
        }
        if ("PENDING".equals(status)) {
          assertThat(effect)
              .as(
                  name
                      + " PENDING has no change; its record: "
                      + database
                          .getCollection("lms_migrations")
                          .find(Filters.eq("_id", name))
                          .first())
              .isFalse();
        }
      }
    }
    for (String name : BACKGROUND) {
      String status = status(name);
      assertThat(items().countDocuments(Filters.gt(name, 1)))
          .as(name + " never applied twice to a document")
          .isZero();
      long done = items().countDocuments(Filters.eq(name, 1));
      Document record =
          database.getCollection("lms_migrations").find(Filters.eq("_id", name)).first();
      boolean suspended =
          record != null
              && "PENDING".equals(status)
              && "UP".equals(record.getString("lastDirection"))
              && record.getString("run") != null;
      if ("COMPLETED".equals(status)) {
        assertThat(done).as(name + " COMPLETED changed every document").isEqualTo(ITEMS);
      }
      if ("PENDING".equals(status) && !suspended) {
        assertThat(done).as(name + " PENDING (not half done) changed nothing").isZero();
      }
    }
  }

  /**
   * A pause stays until resume: no other step withdraws it, and a paused migration does not move.
   */
  private static void checkPausesHeld(String action, Snapshot before, Snapshot after) {
    for (String name : BACKGROUND) {
      if (before.paused(name) && !action.contains("control " + name + " resume")) {
        assertThat(after.paused(name)).as(name + " still paused after " + action).isTrue();
        if (action.contains("worker round")) {
          assertThat(after.of(name))
              .as(name + " paused, untouched by " + action)
              .isEqualTo(before.of(name));
        }
      }
    }
  }

  private static RunRules randomRules(Random random) {
    int target = random.nextInt(3) == 0 ? random.nextInt(5) : Integer.MAX_VALUE;
    return new RunRules(target, random.nextInt(6) == 0, random.nextInt(6) != 0);
  }

  private static boolean runQuietly(Runnable action) {
    try {
      action.run();
      return true;
    } catch (MigrationException e) {
      return false; // refused or failed: what is left is what the checks look at
    }
  }

  private static boolean runQuietly(java.util.function.Supplier<?> action) {
    try {
      return action.get() != null;
    } catch (MigrationException e) {
      return false;
    }
  }

  /**
   * Whether a regular migration's change is in place: r1's document in {@code effects}, r3's field
   * on every item (none on any when it is not).
   */
  private boolean hasChange(String name) {
    if (name.equals("r3")) {
      long withField = database.getCollection("items").countDocuments(Filters.exists("r3"));
      assertThat(withField).as("items with r3's field: all or none").isIn(0L, (long) ITEMS);
      return withField == ITEMS;
    }
    return database.getCollection("effects").countDocuments(Filters.eq("_id", name)) == 1;
  }

  /**
   * While the older build serves, no automatic path applies the contract migration r3: only an
   * operator, by name or by marking.
   */
  private void checkContractWaits(String action, Snapshot before, Snapshot after) {
    if (olderBuildServing != null
        && !"COMPLETED".equals(before.status("r3"))
        && "COMPLETED".equals(after.status("r3"))) {
      assertThat(action)
          .as("r3 applied while the older build serves, by " + action)
          .matches(".*: (up r3|mark r3 applied)");
    }
  }

  private MigrationRunner runner(boolean current) {
    MigrationSettings settings = MigrationSettings.defaults();
    MigrationRunner runner =
        new MigrationRunner(
            db.newTemplate(),
            settings.withLock(settings.lock().withPollInterval(Duration.ofMillis(20))));
    runner.register(TestMigration.recording("r1", 1));
    runner.register(Backfill.of("b2", 2));
    if (current) {
      // A schema step: its change is a field on every item, and its rollback is the step's undo.
      runner.register(
          new Migration() {
            @Override
            public String name() {
              return "r3";
            }

            @Override
            public int version() {
              return 3;
            }

            @Override
            public MigrationPhase phase() {
              return MigrationPhase.CONTRACT; // the older build does not know it
            }

            @Override
            public void up(MigrationContext ctx) {
              ctx.schema().addField("items", "r3", true);
            }
          });
      runner.register(Backfill.of("b4", 4));
    }
    runner.register(new View(current ? "new" : "old"));
    return runner;
  }

  private static int version(String name) {
    return Integer.parseInt(name.substring(1));
  }

  private String status(String name) {
    Document record =
        database.getCollection("lms_migrations").find(Filters.eq("_id", name)).first();
    return record == null ? "PENDING" : record.getString("status");
  }

  private MongoCollection<Document> items() {
    return database.getCollection("items");
  }

  /** How often the older build's version of the repeatable view ran. */
  private long olderBuildViewRuns() {
    return database.getCollection("view_runs").countDocuments(Filters.eq("version", "old"));
  }

  /**
   * A repeatable migration, as a view is: it puts its build's definition in place and counts its
   * runs. The older build has another version of it.
   */
  private static final class View implements RepeatableMigration {

    private final String version;

    View(String version) {
      this.version = version;
    }

    @Override
    public String name() {
      return "view";
    }

    @Override
    public String checksum() {
      return version;
    }

    @Override
    public void up(MigrationContext ctx) {
      ctx.mongoTemplate()
          .getCollection("views")
          .replaceOne(
              Filters.eq("_id", "view"),
              new Document("_id", "view").append("version", version),
              new com.mongodb.client.model.ReplaceOptions().upsert(true));
      ctx.mongoTemplate().getCollection("view_runs").insertOne(new Document("version", version));
    }
  }

  /** A background migration counting, per document, how often it changed it. */
  private static final class Backfill {
    static void insert(MongoDatabase database) {
      List<Document> items = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        items.add(new Document("_id", i));
      }
      database.getCollection("items").insertMany(items);
    }

    static BackgroundMigration of(String name, int version) {
      return TestMigration.of(
              name,
              version,
              ctx ->
                  ctx.batch("items")
                      .batchSize(BATCH)
                      .run(
                          item ->
                              List.of(
                                  new UpdateOneModel<Document>(
                                      Filters.eq("_id", item.get("_id")), Updates.inc(name, 1)))),
              ctx ->
                  ctx.mongoTemplate()
                      .getCollection("items")
                      .updateMany(Filters.empty(), Updates.unset(name)))
          .inBackground();
    }
  }

  /** Every document of the database, by collection, and what each migration owns of it. */
  private record Snapshot(Map<String, List<Document>> collections) {

    static Snapshot of(MongoDatabase database) {
      Map<String, List<Document>> all = new java.util.TreeMap<>();
      for (String name : database.listCollectionNames()) {
        if (name.equals("lms_migrations_instances")) {
          continue; // who serves is not migration state: starting and stopping write it
        }
        List<Document> documents = new ArrayList<>();
        database.getCollection(name).find().sort(new Document("_id", 1)).into(documents);
        documents.forEach(document -> document.remove("updatedAt"));
        all.put(name, documents);
      }
      return new Snapshot(all);
    }

    /** A migration's status document and how many documents its change touched. */
    List<Object> of(String name) {
      List<Object> state = new ArrayList<>();
      collections.getOrDefault("lms_migrations", List.of()).stream()
          .filter(document -> name.equals(document.get("_id")))
          .forEach(state::add);
      state.add(
          collections.getOrDefault("items", List.of()).stream()
              .filter(document -> document.containsKey(name))
              .count());
      state.add(
          collections.getOrDefault("effects", List.of()).stream()
              .filter(document -> name.equals(document.get("_id")))
              .count());
      return state;
    }

    /** A migration's recorded state, PENDING without a record. */
    String status(String name) {
      return collections.getOrDefault("lms_migrations", List.of()).stream()
          .filter(document -> name.equals(document.get("_id")))
          .map(document -> document.getString("status"))
          .findFirst()
          .orElse("PENDING");
    }

    boolean rollbackRequested(String name) {
      return control(name, "rollback");
    }

    boolean paused(String name) {
      return control(name, "paused");
    }

    private boolean control(String name, String field) {
      return collections.getOrDefault("lms_migrations_background", List.of()).stream()
          .anyMatch(
              document ->
                  name.equals(document.get("_id")) && Boolean.TRUE.equals(document.get(field)));
    }
  }
}
