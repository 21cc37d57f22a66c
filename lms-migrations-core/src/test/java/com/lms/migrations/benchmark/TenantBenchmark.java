package com.lms.migrations.benchmark;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.bson.BsonValue;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Section 5 of {@link MigrationBenchmark}: {@link TenantMigrations} over many tenant databases,
 * against the same writes and reads done with the driver alone, in the same run. Every command the
 * benchmark sends goes through a client of its own whose {@link CommandListener} counts them, by
 * command and collection.
 */
final class TenantBenchmark {

  private static final int TENANTS = 200;
  private static final int MIGRATIONS = 10;
  private static final int THREADS = 4;
  private static final int REPEATS = 5;
  private static final int WARM_UPS = 2;

  private static final String HEADER = "   %-62s %11s %11s %9s %15s%n";

  private static final Set<String> WRITES =
      Set.of("insert", "update", "delete", "findAndModify", "createIndexes", "create", "drop");

  private final MongoClient admin;
  private final MongoClient counted;
  private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
  private final String lockCollection = MigrationSettings.defaults().lock().collection();
  private int rounds;

  private TenantBenchmark(MongoClient admin, int port) {
    this.admin = admin;
    this.counted =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .addCommandListener(
                    new CommandListener() {
                      @Override
                      public void commandStarted(CommandStartedEvent event) {
                        commands
                            .computeIfAbsent(describe(event), key -> new LongAdder())
                            .increment();
                      }
                    })
                .build());
  }

  /**
   * Runs the section.
   *
   * @param admin a client on the server, for dropping the tenants' databases
   * @param port the server's port
   */
  static void run(MongoClient admin, int port) throws Exception {
    TenantBenchmark benchmark = new TenantBenchmark(admin, port);
    try {
      benchmark.tenants();
    } finally {
      benchmark.counted.close();
    }
  }

  private void tenants() throws Exception {
    System.out.printf(
        "5. %d tenant databases, %d one-insert migrations each (median of %d runs, fresh databases"
            + " each run; commands counted by a CommandListener)%n",
        TENANTS, MIGRATIONS, REPEATS);
    Results rawApply1 = new Results();
    Results runnerApply1 = new Results();
    Results rawApply4 = new Results();
    Results runnerApply4 = new Results();
    Results rawRestart1 = new Results();
    Results runnerRestart1 = new Results();
    Results rawRestart4 = new Results();
    Results runnerRestart4 = new Results();
    Results buildRunners = new Results();
    Results sameRead = new Results();
    MongoTemplate home = new MongoTemplate(counted, "tenant_bench_home");
    for (int repeat = 0; repeat < WARM_UPS + REPEATS; repeat++) {
      boolean warmUp = repeat < WARM_UPS; // the first rounds warm up the JIT
      int round = ++rounds;
      List<String> raw1 = names(round, "r1");
      List<String> runner1 = names(round, "m1");
      List<String> raw4 = names(round, "r4");
      List<String> runner4 = names(round, "m4");
      try {
        rawApply1.add(warmUp, measure(() -> forEach(raw1, 1, this::rawApply)));
        runnerApply1.add(warmUp, measure(() -> migrateAll(home, runner1, 1, MIGRATIONS)));
        rawApply4.add(warmUp, measure(() -> forEach(raw4, THREADS, this::rawApply)));
        runnerApply4.add(warmUp, measure(() -> migrateAll(home, runner4, THREADS, MIGRATIONS)));
        // A restarted instance: new runners over databases that are all up to date.
        rawRestart1.add(warmUp, measure(() -> forEach(raw1, 1, this::rawRead)));
        runnerRestart1.add(warmUp, measure(() -> migrateAll(home, runner1, 1, 0)));
        rawRestart4.add(warmUp, measure(() -> forEach(raw4, THREADS, this::rawRead)));
        runnerRestart4.add(warmUp, measure(() -> migrateAll(home, runner4, THREADS, 0)));
        // The restart's one command, sent by the driver alone.
        sameRead.add(warmUp, measure(() -> forEach(runner1, 1, this::runnersRead)));
        // The part of a restart that sends nothing: a runner per tenant.
        buildRunners.add(warmUp, measure(() -> buildRunners(home, runner1)));
      } finally {
        for (List<String> names : List.of(raw1, runner1, raw4, runner4)) {
          names.forEach(name -> admin.getDatabase(name).drop());
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        HEADER,
        "bring every tenant up to date from empty",
        "total",
        "per tenant",
        "vs raw",
        "commands/tenant");
    rawApply1.row("raw driver, serial (10 inserts + 10 history inserts)", null);
    runnerApply1.row("TenantMigrations.migrateAll(), parallelism(1)", rawApply1);
    rawApply4.row("raw driver, " + THREADS + " threads", null);
    runnerApply4.row("TenantMigrations.migrateAll(), parallelism(" + THREADS + ")", rawApply4);
    System.out.printf(
        Locale.ROOT,
        "   parallelism(%d) is %.2fx faster than parallelism(1); raw %d threads %.2fx faster than"
            + " raw serial%n",
        THREADS,
        (double) runnerApply1.nanos() / runnerApply4.nanos(),
        THREADS,
        (double) rawApply1.nanos() / rawApply4.nanos());
    System.out.printf("   runner, per tenant: %s%n", runnerApply1.perTenant());
    System.out.printf(
        Locale.ROOT,
        HEADER,
        "restart, all " + TENANTS + " up to date (new runners)",
        "total",
        "per tenant",
        "vs raw",
        "commands/tenant");
    rawRestart1.row("raw driver, serial (one find of the history)", null);
    runnerRestart1.row("TenantMigrations.migrateAll(), parallelism(1)", rawRestart1);
    rawRestart4.row("raw driver, " + THREADS + " threads", null);
    runnerRestart4.row("TenantMigrations.migrateAll(), parallelism(" + THREADS + ")", rawRestart4);
    sameRead.row("raw driver, serial, the runner's own find (below)", rawRestart1);
    buildRunners.row("of which building the tenants' runners (forDatabase), serial", null);
    System.out.printf(
        Locale.ROOT,
        "   the runner's own find: lms_migrations, history excluded, majority read concern, a"
            + " timeout; the serial restart costs %+.3f ms per tenant over that find alone%n",
        (runnerRestart1.nanos() - sameRead.nanos()) / 1e6 / TENANTS);
    for (int parallelism : List.of(1, THREADS)) {
      Results restart = parallelism == 1 ? runnerRestart1 : runnerRestart4;
      System.out.printf(
          Locale.ROOT,
          "   restart, parallelism(%d), per tenant: %s; %s, %s: %.2fx the ideal of one round trip%n",
          parallelism,
          restart.perTenant(),
          restart.touches(lockCollection) ? "takes the lock" : "no lock",
          restart.writes() ? "writes" : "no write",
          restart.commandsPerTenant());
    }
    System.out.println();
  }

  /** One tenant's migrations with the driver alone: each insert and a history record for it. */
  private void rawApply(String tenant) {
    MongoDatabase db = counted.getDatabase(tenant);
    for (int i = 1; i <= MIGRATIONS; i++) {
      db.getCollection("data").insertOne(new Document("_id", i));
      db.getCollection("history").insertOne(new Document("_id", "insert_" + i).append("v", i));
    }
  }

  /** What a restart needs at least, with the driver alone: one read of the tenant's history. */
  private void rawRead(String tenant) {
    List<Document> history =
        counted.getDatabase(tenant).getCollection("history").find().into(new ArrayList<>());
    if (history.size() != MIGRATIONS) {
      throw new IllegalStateException(tenant + " has " + history.size() + " history records");
    }
  }

  /**
   * The read a restart sends, with the driver alone: the runner's status collection, history
   * excluded, with the options the library sets on its own collections (primary, majority read
   * concern, a timeout of one lease).
   */
  private void runnersRead(String tenant) {
    MigrationSettings settings = MigrationSettings.defaults();
    List<Document> statuses =
        counted
            .getDatabase(tenant)
            .withReadPreference(ReadPreference.primary())
            .withReadConcern(ReadConcern.MAJORITY)
            .withTimeout(settings.lock().leaseTime().toMillis(), TimeUnit.MILLISECONDS)
            .getCollection(settings.collection())
            .find()
            .projection(Projections.exclude("history"))
            .into(new ArrayList<>());
    if (statuses.size() != MIGRATIONS) {
      throw new IllegalStateException(tenant + " has " + statuses.size() + " statuses");
    }
  }

  /**
   * A fresh runner and fresh {@link TenantMigrations}, as an instance builds them at startup (the
   * application's template exists already), then {@code migrateAll()}.
   */
  private void migrateAll(MongoTemplate home, List<String> names, int parallelism, int expected) {
    MigrationRunner template = new MigrationRunner(home);
    ColdStart.oneInsertMigrations(MIGRATIONS).forEach(template::register);
    TenantRunReport report =
        TenantMigrations.builder(template, MigrationTenants.of(names))
            .parallelism(parallelism)
            .build()
            .migrateAll()
            .throwIfFailed();
    for (TenantOutcome outcome : report.outcomes()) {
      if (outcome.applied().size() != expected) {
        throw new IllegalStateException(outcome.describe() + ", expected " + expected);
      }
    }
  }

  /** What {@code migrateAll()} does before it sends anything: a runner for each tenant. */
  private static void buildRunners(MongoTemplate home, List<String> names) {
    MigrationRunner template = new MigrationRunner(home);
    ColdStart.oneInsertMigrations(MIGRATIONS).forEach(template::register);
    for (String name : names) {
      if (!template.forDatabase(name).getDatabaseName().equals(name)) {
        throw new IllegalStateException("runner for " + name + " is on another database");
      }
    }
  }

  private static void forEach(List<String> names, int threads, Consumer<String> work)
      throws InterruptedException, ExecutionException {
    if (threads == 1) {
      names.forEach(work);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String name : names) {
        futures.add(pool.submit(() -> work.accept(name)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private Run measure(Work work) throws Exception {
    commands.clear();
    long start = System.nanoTime();
    work.run();
    long nanos = System.nanoTime() - start;
    Map<String, Long> counts = new TreeMap<>();
    commands.forEach((key, count) -> counts.put(key, count.sum()));
    return new Run(nanos, counts);
  }

  /** {@code find lms_migrations}: the command and the collection it names, if any. */
  private static String describe(CommandStartedEvent event) {
    String name = event.getCommandName();
    BsonValue target = event.getCommand().get(name);
    return target != null && target.isString() ? name + " " + target.asString().getValue() : name;
  }

  private static List<String> names(int round, String variant) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= TENANTS; i++) {
      names.add(String.format(Locale.ROOT, "tenant_bench_%d_%s_%03d", round, variant, i));
    }
    return names;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private record Run(long nanos, Map<String, Long> commands) {}

  /** The measured runs of one variant. */
  private static final class Results {

    private final List<Run> runs = new ArrayList<>();

    void add(boolean warmUp, Run run) {
      if (!warmUp) {
        runs.add(run);
      }
    }

    long nanos() {
      return MigrationBenchmark.median(runs.stream().map(Run::nanos).toList());
    }

    /** The median count of each kind of command, over all tenants. */
    Map<String, Long> commands() {
      Set<String> keys = new TreeSet<>();
      runs.forEach(run -> keys.addAll(run.commands().keySet()));
      Map<String, Long> medians = new TreeMap<>();
      for (String key : keys) {
        medians.put(
            key,
            MigrationBenchmark.median(
                runs.stream().map(run -> run.commands().getOrDefault(key, 0L)).toList()));
      }
      return medians;
    }

    double commandsPerTenant() {
      return MigrationBenchmark.median(
              runs.stream()
                  .map(run -> run.commands().values().stream().mapToLong(Long::longValue).sum())
                  .toList())
          / (double) TENANTS;
    }

    /** For example {@code 1.0 commands: 1.0 find lms_migrations}. */
    String perTenant() {
      StringBuilder text =
          new StringBuilder(String.format(Locale.ROOT, "%.1f commands:", commandsPerTenant()));
      String separator = " ";
      for (Map.Entry<String, Long> entry :
          commands().entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
              .toList()) {
        text.append(separator)
            .append(
                String.format(
                    Locale.ROOT, "%.1f %s", entry.getValue() / (double) TENANTS, entry.getKey()));
        separator = ", ";
      }
      return text.toString();
    }

    boolean touches(String collection) {
      return commands().keySet().stream().anyMatch(key -> key.endsWith(" " + collection));
    }

    boolean writes() {
      return commands().keySet().stream().anyMatch(key -> WRITES.contains(key.split(" ")[0]));
    }

    void row(String label, Results baseline) {
      long nanos = nanos();
      String ratio =
          baseline == null
              ? ""
              : String.format(Locale.ROOT, "%.2fx raw", (double) nanos / baseline.nanos());
      System.out.printf(
          Locale.ROOT,
          "   %-62s %8.1f ms %8.3f ms %9s %15.1f%n",
          label,
          nanos / 1e6,
          nanos / 1e6 / TENANTS,
          ratio,
          commandsPerTenant());
    }
  }
}
