package com.lms.migrations.benchmark;

import com.lms.migrations.LockSettings;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One cold-JVM scenario of the benchmark, run in a fresh JVM by {@link MigrationBenchmark}: every
 * deploy of every instance pays this path. Prints {@code RESULT <nanos> <commands>}: the time and
 * the commands sent to MongoDB from after the application's clients, templates and migration beans
 * exist and it has logged a line (as in any Spring application) to the end of the work.
 *
 * <p>Arguments: server port, database, scenario, number of migrations, and for the {@code startup}
 * scenarios a directory of compiled migration classes ({@code -} for the shared test class).
 */
public final class ColdStart {

  private static final AtomicInteger commands = new AtomicInteger();

  private ColdStart() {}

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int port = Integer.parseInt(args[0]);
    String database = args[1];
    String scenario = args[2];
    int migrations = Integer.parseInt(args[3]);
    // What the application has anyway: connected clients and its MongoTemplates.
    try (MongoClient first = client(port);
        MongoClient second = client(port)) {
      List<MongoTemplate> templates =
          List.of(new MongoTemplate(first, database), new MongoTemplate(second, database));
      for (MongoTemplate template : templates) {
        template.getDb().runCommand(new Document("ping", 1));
      }
      // A Spring application has created its beans, the migrations among them, and logged its
      // startup before migrations run: so has this one.
      String classes = args.length > 4 ? args[4] : "-";
      List<List<Migration>> beans =
          classes.equals("-")
              ? List.of(oneInsertMigrations(migrations), oneInsertMigrations(migrations))
              : List.of(compiledMigrations(classes, migrations), List.of());
      org.slf4j.LoggerFactory.getLogger(ColdStart.class).info("Started the application");
      commands.set(0);
      long start = System.nanoTime();
      switch (scenario) {
        case "raw" -> raw(first.getDatabase(database), migrations);
        case "runner-read" -> runnersRead(first.getDatabase(database));
        case "runner-commands" -> runnersCommands(first.getDatabase(database), migrations);
        case "runner" -> upAll(templates.get(0), beans.get(0));
        case "startup" -> startup(templates.get(0), beans.get(0));
        case "pair" -> pair(templates, beans);
        default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
      }
      long nanos = System.nanoTime() - start;
      System.out.println("RESULT " + nanos + " " + commands.get());
    }
    System.exit(0);
  }

  /** The same writes with the driver alone: each one-insert migration plus a history record. */
  private static void raw(MongoDatabase db, int migrations) {
    List<Document> history = db.getCollection("history").find().into(new ArrayList<>());
    for (int i = history.size() + 1; i <= migrations; i++) {
      db.getCollection("data").insertOne(new Document("_id", i));
      db.getCollection("history").insertOne(new Document("_id", "insert_" + i).append("v", i));
    }
  }

  /**
   * The read a restart of the runner sends, sent by the driver alone: the same status documents,
   * with their history excluded, majority read concern and the runner's time limit.
   */
  private static void runnersRead(MongoDatabase db) {
    db.withReadConcern(ReadConcern.MAJORITY)
        .withTimeout(30, TimeUnit.SECONDS)
        .getCollection("lms_migrations")
        .find()
        .projection(Projections.exclude("history"))
        .into(new ArrayList<>());
  }

  /**
   * The commands one runner sends to apply {@code migrations} one-insert migrations on a fresh
   * database, sent by the driver alone with the same documents, concerns and time limits: reading
   * the history, the handshake (the embedded server refuses {@code hello}, so {@code isMaster}
   * follows), taking the lock, reading the history again, the first running mark, then per
   * migration its own insert and its outcome with a history entry, sent with the next migration's
   * running mark in one ordered write, and releasing the lock. What the runner costs beyond this is
   * its own code.
   */
  static void runnersCommands(MongoDatabase application, int migrations) {
    MongoDatabase db =
        application
            .withReadPreference(ReadPreference.primary())
            .withReadConcern(ReadConcern.MAJORITY)
            .withWriteConcern(WriteConcern.MAJORITY)
            .withTimeout(30, TimeUnit.SECONDS);
    Date now = new Date();
    Document me = new Document("owner", "o-1").append("host", "h").append("pid", 1L);
    MongoCollection<Document> statuses = db.getCollection("lms_migrations");
    // Read to plan, then, under the lock, again (a dead runner's marks are recovered from it).
    statuses.find().projection(Projections.exclude("history")).into(new ArrayList<>());
    try {
      db.runCommand(new Document("hello", 1));
    } catch (MongoCommandException e) {
      db.runCommand(new Document("isMaster", 1));
    }
    MongoCollection<Document> lock = db.getCollection("lms_migrations_lock");
    lock.updateOne(
        new Document("_id", "migrations")
            .append(
                "$or",
                List.of(
                    new Document("expiresAt", new Document("$lte", now)),
                    new Document("owner", "o-1"))),
        new Document("$set", new Document(me).append("lockedAt", now).append("expiresAt", now)),
        new UpdateOptions().upsert(true));
    statuses.find().projection(Projections.exclude("history")).into(new ArrayList<>());
    statuses.updateOne(
        new Document("_id", "insert_1").append("status", new Document("$exists", false)),
        runningMark(me, 1),
        new UpdateOptions().upsert(true));
    for (int i = 1; i <= migrations; i++) {
      application.getCollection("data").insertOne(new Document("_id", i));
      Document entry =
          new Document("action", "UP")
              .append("outcome", "COMPLETED")
              .append("at", new Date())
              .append("durationMs", 1L)
              .append("host", "h")
              .append("pid", 1L)
              .append("owner", "o-1")
              .append("principal", null)
              .append("error", null)
              .append("source", null);
      UpdateOneModel<Document> outcome =
          new UpdateOneModel<>(
              new Document("_id", "insert_" + i).append("running.owner", "o-1"),
              new Document(
                      "$set",
                      new Document("lastDirection", "UP")
                          .append("run", "r-1")
                          .append("status", "COMPLETED")
                          .append("executedAt", new Date())
                          .append("executionTime", 1L)
                          .append("error", null))
                  .append("$unset", new Document("running", ""))
                  .append(
                      "$push",
                      new Document(
                          "history", new Document("$each", List.of(entry)).append("$slice", -100)))
                  .append("$inc", new Document("historyCount", 1))
                  .append(
                      "$setOnInsert",
                      new Document("version", i).append("description", "").append("class", "C")),
              new UpdateOptions().upsert(true));
      if (i == migrations) {
        statuses.updateOne(outcome.getFilter(), outcome.getUpdate(), outcome.getOptions());
      } else {
        // The outcome and the next migration's running mark, in one ordered write.
        statuses.bulkWrite(
            List.of(
                outcome,
                new UpdateOneModel<>(
                    new Document("_id", "insert_" + (i + 1))
                        .append("status", new Document("$exists", false)),
                    runningMark(me, i + 1),
                    new UpdateOptions().upsert(true))),
            new BulkWriteOptions().ordered(true));
      }
    }
    lock.deleteOne(new Document("_id", "migrations").append("owner", "o-1"));
  }

  private static Document runningMark(Document me, int i) {
    return new Document(
        "$set",
        new Document("version", i)
            .append("description", "")
            .append("class", "C")
            .append("status", "RUNNING")
            .append(
                "running",
                new Document(me)
                    .append("since", new Date())
                    .append("direction", "UP")
                    .append("run", "r-1")));
  }

  /** Two instances start at once; the second waits for the first and then finds nothing to do. */
  private static void pair(List<MongoTemplate> templates, List<List<Migration>> beans) {
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> upAll(templates.get(1), beans.get(1)));
    upAll(templates.get(0), beans.get(0));
    second.join();
  }

  private static void upAll(MongoTemplate template, List<Migration> migrations) {
    MigrationRunner runner =
        new MigrationRunner(
            template,
            MigrationSettings.defaults()
                .withLock(LockSettings.defaults().withWaitTime(Duration.ofMinutes(1))));
    migrations.forEach(runner::register);
    runner.upAll();
  }

  /**
   * What an application's startup does: validate the history against the code (the fingerprints of
   * the applied migrations' classes included), then apply what is pending.
   */
  private static void startup(MongoTemplate template, List<Migration> migrations) {
    MigrationRunner runner = MigrationRunner.builder(template).migrations(migrations).build();
    runner.validateAndUpTo(Integer.MAX_VALUE);
  }

  /** One class per migration, as an application has: {@code Insert1} to {@code Insert<count>}. */
  private static List<Migration> compiledMigrations(String directory, int count) {
    try {
      java.net.URLClassLoader loader =
          new java.net.URLClassLoader(
              new java.net.URL[] {java.nio.file.Path.of(directory).toUri().toURL()},
              ColdStart.class.getClassLoader());
      List<Migration> migrations = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        migrations.add(
            (Migration)
                loader.loadClass("bench.Insert" + i).getDeclaredConstructor().newInstance());
      }
      return migrations;
    } catch (ReflectiveOperationException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The source of {@code bench.Insert<i>}: a migration inserting one document. */
  public static String compiledMigrationSource(int i) {
    return "package bench;\n"
        + "public class Insert"
        + i
        + " implements com.lms.migrations.Migration {\n"
        + "  public String name() { return \"insert_"
        + i
        + "\"; }\n"
        + "  public int version() { return "
        + i
        + "; }\n"
        + "  public void up(com.lms.migrations.MigrationContext ctx) {\n"
        + "    ctx.mongoTemplate().getCollection(\"data\").insertOne(new org.bson.Document(\"_id\", "
        + i
        + "));\n"
        + "  }\n"
        + "  public void down(com.lms.migrations.MigrationContext ctx) {}\n"
        + "}\n";
  }

  public static List<Migration> oneInsertMigrations(int count) {
    List<Migration> migrations = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      int id = i;
      migrations.add(
          TestMigration.of(
              "insert_" + i,
              i,
              ctx -> ctx.mongoTemplate().getCollection("data").insertOne(new Document("_id", id)),
              ctx -> {}));
    }
    return migrations;
  }

  private static MongoClient client(int port) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
            .addCommandListener(
                new CommandListener() {
                  @Override
                  public void commandStarted(CommandStartedEvent event) {
                    commands.incrementAndGet();
                  }
                })
            .build());
  }
}
