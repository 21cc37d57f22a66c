package com.lms.migrations.benchmark;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.batch.BatchResult;
import com.lms.migrations.deploy.InstancePresence;
import com.lms.migrations.testing.JavaProcess;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Measures the runner's overhead and the batch helper against the alternatives, on the embedded
 * server running in its own process. Run it with {@code ./mvnw -B -pl lms-migrations-core
 * -Pbenchmark verify}; {@code -Dbenchmark.sections=cold-only}, {@code large-data-only}, {@code
 * background-only} or {@code tenants-only} runs one part.
 */
public final class MigrationBenchmark {

  private static final int MIGRATIONS = 100;
  private static final int BACKFILL = 200_000;
  private static final int LARGE_BACKFILL = 1_000_000;
  private static final int REPEATS = 5;
  private static final int STEP_REPEATS = 3;

  /** Cold runs spread by about 30% on this machine: more of them, for a steadier median. */
  private static final int COLD_REPEATS = 11;

  private static final int PAIR_MIGRATIONS = 20;

  private final MongoClient client;
  private final int port;
  private int databases;

  private MigrationBenchmark(MongoClient client, int port) {
    this.client = client;
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    // The runner's INFO summary lines would drown the results.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.lms.migrations"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    try (JavaProcess server =
        JavaProcess.start(List.of("-Xmx6g", "-XX:+UseParallelGC"), StandaloneMongoServer.class)) {
      int port = awaitPort(server);
      try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
        MigrationBenchmark benchmark = new MigrationBenchmark(client, port);
        System.out.printf(
            Locale.ROOT,
            "lms-migrations benchmark: embedded mongo-java-server in a separate JVM, %s, %d cores,"
                + " max heap of this JVM %d MB%n%n",
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (List.of(args).contains("large-data-only")) {
          benchmark.backfills();
          benchmark.serverSide();
          return;
        }
        if (List.of(args).contains("instances-only")) {
          benchmark.instances();
          return;
        }
        if (List.of(args).contains("schema-steps-only")) {
          benchmark.schemaSteps();
          return;
        }
        if (List.of(args).contains("background-only")) {
          benchmark.backgroundWorker();
          return;
        }
        if (List.of(args).contains("tenants-only")) {
          TenantBenchmark.run(client, port);
          return;
        }
        benchmark.coldStarts();
        if (!List.of(args).contains("cold-only")) {
          benchmark.runnerOverhead();
          benchmark.backfills();
          benchmark.serverSide();
          benchmark.schemaSteps();
          benchmark.instances();
          benchmark.backgroundWorker();
          TenantBenchmark.run(client, port);
        }
      }
    }
  }

  /** Each run in a fresh JVM, as every deploy of every instance pays it. */
  private void coldStarts() throws Exception {
    System.out.printf(
        "0. cold JVM, each run in a fresh JVM (median of %d runs; time from an application with its"
            + " client, templates and migration beans ready; commands sent)%n",
        COLD_REPEATS);
    List<long[]> raw = new ArrayList<>();
    List<long[]> runner = new ArrayList<>();
    List<long[]> rawRestart = new ArrayList<>();
    List<long[]> runnerRestart = new ArrayList<>();
    List<long[]> runnersRead = new ArrayList<>();
    List<long[]> rawPair = new ArrayList<>();
    List<long[]> runnerPair = new ArrayList<>();
    List<long[]> runnerAlone = new ArrayList<>();
    List<long[]> runnersCommands = new ArrayList<>();
    List<long[]> startupRestart = new ArrayList<>();
    List<long[]> sharedClassRestart = new ArrayList<>();
    String classes = compileMigrationClasses(MIGRATIONS);
    for (int repeat = 0; repeat < COLD_REPEATS; repeat++) {
      String rawDb = freshDatabase().getName();
      raw.add(cold(rawDb, "raw", MIGRATIONS));
      rawRestart.add(cold(rawDb, "raw", MIGRATIONS));
      String runnerDb = freshDatabase().getName();
      runner.add(cold(runnerDb, "runner", MIGRATIONS));
      runnerRestart.add(cold(runnerDb, "runner", MIGRATIONS));
      runnersRead.add(cold(runnerDb, "runner-read", MIGRATIONS));
      rawPair.add(cold(freshDatabase().getName(), "raw", PAIR_MIGRATIONS));
      runnerPair.add(cold(freshDatabase().getName(), "pair", PAIR_MIGRATIONS));
      runnerAlone.add(cold(freshDatabase().getName(), "runner", PAIR_MIGRATIONS));
      runnersCommands.add(cold(freshDatabase().getName(), "runner-commands", PAIR_MIGRATIONS));
      String startupDb = freshDatabase().getName();
      cold(startupDb, "startup", MIGRATIONS, classes);
      startupRestart.add(cold(startupDb, "startup", MIGRATIONS, classes));
      String sharedDb = freshDatabase().getName();
      cold(sharedDb, "startup", MIGRATIONS, "-");
      sharedClassRestart.add(cold(sharedDb, "startup", MIGRATIONS, "-"));
    }
    coldRow("apply " + MIGRATIONS + ", raw driver (insert + history insert)", raw, null);
    coldRow("apply " + MIGRATIONS + ", runner (build, register, upAll)", runner, raw);
    coldRow("restart with " + MIGRATIONS + " applied, raw driver (read history)", rawRestart, null);
    coldRow("restart with " + MIGRATIONS + " applied, runner", runnerRestart, rawRestart);
    coldRow(
        "raw driver sending the runner's read (same documents and options)",
        runnersRead,
        rawRestart);
    coldRow(
        "restart as at startup, " + MIGRATIONS + " classes (validate, fingerprints)",
        startupRestart,
        rawRestart);
    coldRow(
        "restart as at startup, one shared class (validate, one fingerprint)",
        sharedClassRestart,
        rawRestart);
    coldRow("apply " + PAIR_MIGRATIONS + ", raw driver, one instance", rawPair, null);
    coldRow(
        "raw driver sending one runner's commands for " + PAIR_MIGRATIONS,
        runnersCommands,
        rawPair);
    coldRow("apply " + PAIR_MIGRATIONS + ", runner, one instance", runnerAlone, rawPair);
    coldRow("two runners start at once, " + PAIR_MIGRATIONS + " migrations", runnerPair, rawPair);
    System.out.println();
  }

  private long[] cold(String database, String scenario, int migrations) throws Exception {
    return cold(database, scenario, migrations, "-");
  }

  private long[] cold(String database, String scenario, int migrations, String classes)
      throws Exception {
    try (JavaProcess run =
        JavaProcess.start(
            ColdStart.class,
            String.valueOf(port),
            database,
            scenario,
            String.valueOf(migrations),
            classes)) {
      if (run.waitFor(120) != 0) {
        throw new IllegalStateException("Cold run failed:\n" + run.output());
      }
      Matcher result = Pattern.compile("RESULT (\\d+) (\\d+)").matcher(run.output());
      if (!result.find()) {
        throw new IllegalStateException("No result:\n" + run.output());
      }
      return new long[] {Long.parseLong(result.group(1)), Long.parseLong(result.group(2))};
    }
  }

  /** Compiles {@code bench.Insert1} to {@code Insert<count>}, one class per migration. */
  private static String compileMigrationClasses(int count) throws java.io.IOException {
    java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("lms-bench-classes");
    java.nio.file.Path sources = java.nio.file.Files.createTempDirectory("lms-bench-sources");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-proc:none",
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                directory.toString()));
    for (int i = 1; i <= count; i++) {
      java.nio.file.Path file = sources.resolve("Insert" + i + ".java");
      java.nio.file.Files.writeString(file, ColdStart.compiledMigrationSource(i));
      arguments.add(file.toString());
    }
    if (javax.tools.ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(String[]::new))
        != 0) {
      throw new IllegalStateException("Could not compile the benchmark's migration classes");
    }
    return directory.toString();
  }

  private static void coldRow(String label, List<long[]> runs, List<long[]> baseline) {
    long nanos = median(runs.stream().map(run -> run[0]).toList());
    long commands = median(runs.stream().map(run -> run[1]).toList());
    String ratio =
        baseline == null
            ? ""
            : String.format(
                Locale.ROOT,
                "  %.2fx raw",
                (double) nanos / median(baseline.stream().map(run -> run[0]).toList()));
    System.out.printf(
        Locale.ROOT, "   %-66s %8.1f ms %5d commands%s%n", label, nanos / 1e6, commands, ratio);
  }

  private void runnerOverhead() {
    System.out.printf("1. %d one-insert migrations (median of %d runs)%n", MIGRATIONS, REPEATS);
    List<Long> raw = new ArrayList<>();
    List<Long> rawRecorded = new ArrayList<>();
    List<Long> runnerApply = new ArrayList<>();
    List<Long> runnersCommands = new ArrayList<>();
    List<Long> rawFind = new ArrayList<>();
    List<Long> runnerRestart = new ArrayList<>();
    for (int repeat = 0; repeat < REPEATS + 1; repeat++) {
      MongoDatabase rawDb = freshDatabase();
      long start = System.nanoTime();
      for (int i = 1; i <= MIGRATIONS; i++) {
        rawDb.getCollection("data").insertOne(new Document("_id", i));
      }
      long rawTime = System.nanoTime() - start;

      MongoDatabase recordedDb = freshDatabase();
      start = System.nanoTime();
      for (int i = 1; i <= MIGRATIONS; i++) {
        recordedDb.getCollection("data").insertOne(new Document("_id", i));
        recordedDb
            .getCollection("history")
            .insertOne(new Document("_id", "m" + i).append("version", i));
      }
      long recordedTime = System.nanoTime() - start;

      MongoDatabase commandsDb = freshDatabase();
      start = System.nanoTime();
      ColdStart.runnersCommands(commandsDb, MIGRATIONS);
      long commandsTime = System.nanoTime() - start;

      MongoDatabase runnerDb = freshDatabase();
      MongoTemplate template = new MongoTemplate(client, runnerDb.getName());
      MigrationRunner runner = new MigrationRunner(template);
      oneInsertMigrations().forEach(runner::register);
      start = System.nanoTime();
      runner.upAll();
      long applyTime = System.nanoTime() - start;

      start = System.nanoTime();
      runnerDb.getCollection("lms_migrations").find().into(new ArrayList<>());
      long findTime = System.nanoTime() - start;

      MigrationRunner restarted =
          new MigrationRunner(new MongoTemplate(client, runnerDb.getName()));
      oneInsertMigrations().forEach(restarted::register);
      start = System.nanoTime();
      restarted.upAll();
      long restartTime = System.nanoTime() - start;

      if (repeat > 0) { // the first round warms up the JIT
        raw.add(rawTime);
        rawRecorded.add(recordedTime);
        runnerApply.add(applyTime);
        runnersCommands.add(commandsTime);
        rawFind.add(findTime);
        runnerRestart.add(restartTime);
      }
    }
    long rawMedian = median(raw);
    long recordedMedian = median(rawRecorded);
    long applyMedian = median(runnerApply);
    long findMedian = median(rawFind);
    long restartMedian = median(runnerRestart);
    row("raw driver, inserts only", rawMedian, null);
    row("raw driver, insert + one history insert", recordedMedian, null);
    long commandsMedian = median(runnersCommands);
    row("raw driver sending the runner's commands (same documents)", commandsMedian, null);
    row("runner upAll (apply 100)", applyMedian, null);
    System.out.printf(
        Locale.ROOT,
        "   apply overhead: %.2fx raw inserts, %.2fx raw inserts with a history record (target 1.3x);"
            + " the runner's commands alone %.2fx, so its own code adds %.3f ms per migration%n",
        (double) applyMedian / rawMedian,
        (double) applyMedian / recordedMedian,
        (double) commandsMedian / recordedMedian,
        (applyMedian - commandsMedian) / 1e6 / MIGRATIONS);
    row("raw find of the history (100 documents)", findMedian, null);
    row("runner upAll with all 100 applied (restart)", restartMedian, null);
    System.out.printf(
        Locale.ROOT,
        "   restart cost: %.2fx one raw find (target 1.5x)%n%n",
        (double) restartMedian / findMedian);
  }

  private void backfills() throws Exception {
    backfillRound(20_000, false); // warms up the JIT for every variant
    HelperRun helper = backfillRound(BACKFILL, true);

    System.out.printf("3. batch helper on %,d documents%n", LARGE_BACKFILL);
    MongoDatabase large = freshDatabase();
    seed(large.getCollection("items"), LARGE_BACKFILL);
    HelperRun largeRun = runHelper(large, "helper_1m");
    row("lms-migrations batch helper", largeRun.nanos, LARGE_BACKFILL);
    System.out.printf(
        Locale.ROOT,
        "   peak heap used during the run: %d MB (200k run: %d MB; this JVM's max heap: %d MB)%n",
        largeRun.peakHeapMb,
        helper.peakHeapMb,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    large.drop();
  }

  /** Server-side chunks against one updateMany, on the same data in the same run. */
  private void serverSide() throws Exception {
    int documents = Integer.getInteger("benchmark.serverSideDocuments", LARGE_BACKFILL);
    System.out.printf("4. server-side update of %,d documents: set one field on each%n", documents);
    MongoDatabase db = freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    seed(items, documents);
    System.gc();
    long start = System.nanoTime();
    items.updateMany(Filters.empty(), Updates.set("flag", 1));
    long updateMany = System.nanoTime() - start;
    row("single updateMany", updateMany, documents);
    for (int chunk : chunkSizes(documents)) {
      seed(items, documents);
      System.gc();
      resetPeakHeap();
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.getName()));
      AtomicReference<BatchResult> result = new AtomicReference<>();
      runner.register(
          TestMigration.of(
                  "server_side_" + chunk,
                  1,
                  ctx ->
                      result.set(
                          ctx.batch("items").batchSize(chunk).update(Updates.set("flag", 1))),
                  ctx -> {})
              .nonTransactional());
      start = System.nanoTime();
      runner.upAll();
      long nanos = System.nanoTime() - start;
      if (result.get().processed() != documents) {
        throw new IllegalStateException("server-side update matched " + result.get().processed());
      }
      row(
          String.format(Locale.ROOT, "lms-migrations update(...) in chunks of %,d", chunk),
          nanos,
          documents);
      System.out.printf(
          Locale.ROOT,
          "   %.2fx the throughput of one updateMany (target 0.8x); %,d chunks; peak heap %d MB%n",
          (double) updateMany / nanos,
          (documents + chunk - 1) / chunk,
          peakHeapMb());
    }
    db.drop();
    System.out.println();
  }

  /**
   * A field rename and an index build as schema steps, against the raw driver's {@code updateMany}
   * with {@code $rename} and {@code createIndex} on the same data. The embedded server answers each
   * chunk's range query by scanning the whole collection, so the rename runs in chunks of a tenth
   * of it, as section 4 does; on a real server the default chunks use the {@code _id} index.
   */
  private void schemaSteps() throws Exception {
    int documents = Integer.getInteger("benchmark.schemaStepDocuments", LARGE_BACKFILL);
    int chunk = documents / 10;
    System.out.printf(
        "5. schema steps on %,d documents, against the raw driver (median of %d)%n",
        documents, STEP_REPEATS);
    MongoDatabase db = freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    List<Long> rawRename = new ArrayList<>();
    List<Long> stepRename = new ArrayList<>();
    List<Long> stepRenameBack = new ArrayList<>();
    List<Long> rawIndex = new ArrayList<>();
    List<Long> stepIndex = new ArrayList<>();
    for (int repeat = 0; repeat < STEP_REPEATS; repeat++) {
      seed(items, documents);
      System.gc();
      long start = System.nanoTime();
      items.updateMany(Filters.exists("n"), Updates.rename("n", "number"));
      rawRename.add(System.nanoTime() - start);

      seed(items, documents);
      System.gc();
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.getName()));
      runner.register(
          new StepsOnly(
              "rename_n_" + repeat,
              ctx -> {
                if (ctx.schema().batchSize(chunk).renameField("items", "n", "number")
                    != documents) {
                  throw new IllegalStateException("the rename missed documents");
                }
              }));
      start = System.nanoTime();
      runner.upAll();
      stepRename.add(System.nanoTime() - start);
      start = System.nanoTime();
      runner.down("rename_n_" + repeat);
      stepRenameBack.add(System.nanoTime() - start);

      System.gc();
      start = System.nanoTime();
      items.createIndex(Indexes.ascending("n"));
      rawIndex.add(System.nanoTime() - start);
      items.dropIndex("n_1");

      System.gc();
      MigrationRunner indexRunner = new MigrationRunner(new MongoTemplate(client, db.getName()));
      indexRunner.register(
          new StepsOnly(
              "index_n_" + repeat,
              ctx -> ctx.schema().createIndex("items", Indexes.ascending("n"))));
      start = System.nanoTime();
      indexRunner.upAll();
      stepIndex.add(System.nanoTime() - start);
      indexRunner.down("index_n_" + repeat);
    }
    long raw = median(rawRename);
    row("raw driver: one updateMany with $rename", raw, documents);
    row(
        String.format(
            Locale.ROOT, "schema step renameField (chunks of %,d, with its records)", chunk),
        median(stepRename),
        documents);
    System.out.printf(
        Locale.ROOT,
        "   %.2fx the throughput of one updateMany%n",
        (double) raw / median(stepRename));
    row(
        "its rollback: the step renames back, in the same chunks",
        median(stepRenameBack),
        documents);
    row("raw driver: createIndex", median(rawIndex), documents);
    row("schema step createIndex (with its records and run)", median(stepIndex), documents);
    db.drop();
    System.out.println();
  }

  /** A migration made only of schema steps. */
  private record StepsOnly(String name, TestMigration.Step up) implements Migration {
    @Override
    public int version() {
      return Math.abs(name.hashCode() % 1_000_000) + 1;
    }

    @Override
    public void up(MigrationContext context) throws Exception {
      up.run(context);
    }
  }

  /**
   * Fifty instances keeping their records at once: the writes each one sends per interval (counted
   * from the driver's commands), and what reading the running instances costs.
   */
  private void instances() throws Exception {
    int instances = 50;
    Duration interval = Duration.ofMillis(100);
    System.out.printf(
        "6. %d instances keeping their records, renewed every %d ms, for 8 s%n",
        instances, interval.toMillis());
    String database = freshDatabase().getName();
    Map<String, AtomicLong> commands = new ConcurrentHashMap<>();
    CommandListener counting =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            String name = event.getCommandName();
            if (event.getCommand().containsKey(name)
                && event.getCommand().get(name).isString()
                && event
                    .getCommand()
                    .getString(name)
                    .getValue()
                    .equals("lms_migrations_instances")) {
              commands.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
            }
          }
        };
    try (MongoClient counted =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .addCommandListener(counting)
                .build())) {
      List<MigrationRunner> runners = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        MigrationRunner runner = new MigrationRunner(new MongoTemplate(counted, database));
        runner.register(TestMigration.recording("m1", 1));
        runners.add(runner);
      }
      List<InstancePresence> presences = new ArrayList<>();
      long start = System.nanoTime();
      for (MigrationRunner runner : runners) {
        presences.add(runner.instances().announce("bench", "1.0", interval));
      }
      Thread.sleep(8_000);
      long elapsed = System.nanoTime() - start;
      List<Long> reads = new ArrayList<>();
      int live = 0;
      for (int i = 0; i < 21; i++) {
        long readStart = System.nanoTime();
        live = runners.get(0).instances().live().size();
        reads.add(System.nanoTime() - readStart);
      }
      long updates = commands.getOrDefault("update", new AtomicLong()).get();
      long deletes = commands.getOrDefault("delete", new AtomicLong()).get();
      presences.forEach(InstancePresence::close);
      double intervals = (double) elapsed / interval.toNanos();
      System.out.printf(
          Locale.ROOT,
          "   renewals (upserts) per instance per interval        %.2f (%,d in %.1f intervals)%n",
          updates / (instances * intervals),
          updates,
          intervals);
      System.out.printf(
          Locale.ROOT,
          "   sweeps (deletes) per instance per interval          %.2f (%,d)%n",
          deletes / (instances * intervals),
          deletes);
      System.out.printf(
          Locale.ROOT,
          "   live() with %d records: median %.2f ms (one find)%n",
          live,
          median(reads) / 1e6);
    }
    client.getDatabase(database).drop();
    System.out.println();
  }

  private static List<Integer> chunkSizes(int documents) {
    return List.of(documents / 10, documents / 4);
  }

  private HelperRun backfillRound(int documents, boolean report) throws Exception {
    if (report) {
      System.out.printf("2. backfill of %,d documents: set one field on each%n", documents);
    }
    MongoDatabase db = freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");

    seed(items, documents);
    long start = System.nanoTime();
    try (MongoCursor<Document> cursor = items.find().iterator()) {
      while (cursor.hasNext()) {
        Document item = cursor.next();
        items.updateOne(Filters.eq("_id", item.get("_id")), Updates.set("flag", 1));
      }
    }
    long perDocument = System.nanoTime() - start;

    seed(items, documents);
    start = System.nanoTime();
    List<WriteModel<Document>> batch = new ArrayList<>();
    try (MongoCursor<Document> cursor =
        items.find().sort(Sorts.ascending("_id")).batchSize(1000).iterator()) {
      while (cursor.hasNext()) {
        batch.add(setFlag(cursor.next()));
        if (batch.size() == 1000) {
          items.bulkWrite(batch, new BulkWriteOptions().ordered(false));
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      items.bulkWrite(batch, new BulkWriteOptions().ordered(false));
    }
    long rawBulk = System.nanoTime() - start;

    seed(items, documents);
    HelperRun helper = runHelper(db, "helper_" + documents);

    seed(items, documents);
    start = System.nanoTime();
    items.updateMany(Filters.empty(), Updates.set("flag", 1));
    long updateMany = System.nanoTime() - start;
    db.drop();
    if (report) {
      row("guide: one updateOne per document", perDocument, documents);
      row("hand-written raw bulk-write loop (1000 per batch)", rawBulk, documents);
      row("lms-migrations batch helper (1000 per batch, checkpointed)", helper.nanos, documents);
      row("single updateMany", updateMany, documents);
      System.out.printf(
          Locale.ROOT,
          "   helper vs per-document loop: %.1fx faster (target 20x); helper vs raw bulk loop:"
              + " %.2fx (target 1.5x); peak heap %d MB%n%n",
          (double) perDocument / helper.nanos,
          (double) helper.nanos / rawBulk,
          helper.peakHeapMb);
    }
    return helper;
  }

  private HelperRun runHelper(MongoDatabase db, String name) throws Exception {
    MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.getName()));
    AtomicReference<BatchResult> result = new AtomicReference<>();
    runner.register(
        TestMigration.of(
                name,
                1,
                ctx -> result.set(ctx.batch("items").run(item -> List.of(setFlag(item)))),
                ctx -> {})
            .nonTransactional());
    System.gc();
    resetPeakHeap();
    long start = System.nanoTime();
    runner.upAll();
    long nanos = System.nanoTime() - start;
    if (result.get().processed() != db.getCollection("items").countDocuments()) {
      throw new IllegalStateException("helper processed " + result.get().processed());
    }
    return new HelperRun(nanos, peakHeapMb());
  }

  /**
   * Section 7: the same batch job over 1,000,000 documents run by the background worker (its
   * progress written after each batch, its lease and controls checked) and in the foreground (its
   * checkpoint written after each batch), alternating on fresh data.
   */
  private void backgroundWorker() throws Exception {
    System.out.printf(
        "7. background worker against the same job in the foreground, %,d documents, batches of"
            + " 1,000 (median of %d, alternating)%n",
        LARGE_BACKFILL, STEP_REPEATS);
    List<Long> foreground = new ArrayList<>();
    List<Long> background = new ArrayList<>();
    for (int repeat = 0; repeat < STEP_REPEATS; repeat++) {
      foreground.add(timeBatchJob(false));
      background.add(timeBatchJob(true));
    }
    long fg = median(foreground);
    long bg = median(background);
    row("foreground: upAll, ctx.batch(...).run(...)", fg, LARGE_BACKFILL);
    row("background: the worker's runNext, same job", bg, LARGE_BACKFILL);
    System.out.printf(
        Locale.ROOT,
        "   the worker costs %+.1f%% (each run: foreground %s ms, background %s ms)%n",
        (bg - fg) * 100.0 / fg,
        foreground.stream().map(n -> String.valueOf(n / 1_000_000)).toList(),
        background.stream().map(n -> String.valueOf(n / 1_000_000)).toList());
  }

  private long timeBatchJob(boolean inBackground) {
    MongoDatabase db = freshDatabase();
    seed(db.getCollection("items"), LARGE_BACKFILL);
    MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.getName()));
    AtomicReference<BatchResult> result = new AtomicReference<>();
    TestMigration job =
        TestMigration.of(
                "backfill",
                1,
                ctx ->
                    result.set(
                        ctx.batch("items").batchSize(1000).run(item -> List.of(setFlag(item)))),
                ctx -> {})
            .nonTransactional();
    runner.register(inBackground ? job.inBackground() : job);
    System.gc();
    long start = System.nanoTime();
    if (inBackground) {
      runner.upAll(); // nothing regular to apply; the worker runs it
      runner.background().runNext(() -> false).orElseThrow();
    } else {
      runner.upAll();
    }
    long nanos = System.nanoTime() - start;
    if (result.get().processed() != LARGE_BACKFILL) {
      throw new IllegalStateException("processed " + result.get().processed());
    }
    return nanos;
  }

  private static UpdateOneModel<Document> setFlag(Document item) {
    return new UpdateOneModel<>(Filters.eq("_id", item.get("_id")), Updates.set("flag", 1));
  }

  private static List<Migration> oneInsertMigrations() {
    return ColdStart.oneInsertMigrations(MIGRATIONS);
  }

  private static void seed(MongoCollection<Document> items, int count) {
    items.drop();
    List<Document> chunk = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chunk.add(new Document("_id", i).append("n", i));
      if (chunk.size() == 10_000) {
        items.insertMany(chunk);
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      items.insertMany(chunk);
    }
  }

  private MongoDatabase freshDatabase() {
    return client.getDatabase("bench_" + (++databases));
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(sorted.size() / 2);
  }

  private static void row(String what, long nanos, Integer documents) {
    String rate =
        documents == null
            ? ""
            : String.format(Locale.ROOT, "  %,10.0f docs/s", documents / (nanos / 1e9));
    System.out.printf(Locale.ROOT, "   %-62s %9.1f ms%s%n", what, nanos / 1e6, rate);
  }

  private static int awaitPort(JavaProcess server) throws InterruptedException {
    Pattern port = Pattern.compile("PORT=(\\d+)");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = port.matcher(server.output());
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("The server did not start:\n" + server.output());
  }

  private record HelperRun(long nanos, long peakHeapMb) {}
}
