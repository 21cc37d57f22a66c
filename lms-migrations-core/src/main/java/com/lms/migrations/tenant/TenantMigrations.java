package com.lms.migrations.tenant;

import com.lms.migrations.DatabaseNames;
import com.lms.migrations.DurationText;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates a database per tenant. Each tenant's database holds its own history and its own lock, so
 * tenants never wait for each other, and several instances can migrate the same tenants at once:
 * each migration still runs once per tenant. A run over every tenant migrates up to {@code
 * parallelism} of them at a time; a tenant that fails does not stop the others unless fail-fast is
 * on, and the report names each tenant's outcome.
 *
 * <pre>{@code
 * TenantMigrations tenants = TenantMigrations.builder(runner, MigrationTenants.of(List.of("school_a", "school_b")))
 *     .parallelism(4)
 *     .build();
 * tenants.migrateAll().throwIfFailed();
 * tenants.migrate("school_c");   // a tenant created at run time, before its first use
 * }</pre>
 *
 * <p>Thread-safe. Each tenant's runner is built once, on first use, by {@link
 * MigrationRunner#forDatabase(String)} of the given runner, whose own database is not migrated.
 */
public final class TenantMigrations {

  private static final Logger log = LoggerFactory.getLogger(TenantMigrations.class);

  private static final AtomicInteger pools = new AtomicInteger();

  /** How long an interrupted run waits for the tenants it was running to stop. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final MigrationRunner template;
  private final MigrationTenants tenants;
  private final int parallelism;
  private final boolean failFast;
  private final int targetVersion;
  private final ConcurrentMap<String, MigrationRunner> runners = new ConcurrentHashMap<>();

  private TenantMigrations(Builder builder) {
    this.template = builder.template;
    this.tenants = builder.tenants;
    this.parallelism = builder.parallelism;
    this.failFast = builder.failFast;
    this.targetVersion = builder.targetVersion;
  }

  /**
   * Starts building.
   *
   * @param template the runner whose migrations, settings and listeners each tenant's runner copies
   * @param tenants the tenants' databases
   * @return a builder (parallelism 2, fail-fast off)
   */
  public static Builder builder(MigrationRunner template, MigrationTenants tenants) {
    return new Builder(template, tenants);
  }

  /**
   * The tenants, as the {@link MigrationTenants} list them now, each once.
   *
   * @return their database names, in listing order
   * @throws InvalidDatabaseNameException when a listed name is not a valid database name
   */
  public List<String> tenants() {
    List<String> listed =
        Objects.requireNonNull(tenants.databases(), "MigrationTenants returned null");
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String name : listed) {
      unique.add(DatabaseNames.requireValid(name));
    }
    return List.copyOf(unique);
  }

  /**
   * Where the tenants come from.
   *
   * @return the source given to the builder
   */
  public MigrationTenants getSource() {
    return tenants;
  }

  /**
   * Every listed tenant's runner, from one listing of the tenants.
   *
   * @return the runners by tenant, in listing order
   * @throws InvalidDatabaseNameException when a listed name is not a valid database name
   */
  public Map<String, MigrationRunner> runners() {
    Map<String, MigrationRunner> byTenant = new LinkedHashMap<>();
    tenants().forEach(tenant -> byTenant.put(tenant, runnerFor(tenant)));
    return byTenant;
  }

  /**
   * The runner of any tenant, listed or not (such as one created at run time, or one no longer
   * listed).
   *
   * @param tenant the tenant's database
   * @return its runner, built once
   * @throws InvalidDatabaseNameException when the name is not a valid database name
   */
  public MigrationRunner runnerFor(String tenant) {
    MigrationRunner existing = runners.get(tenant);
    if (existing != null) {
      return existing;
    }
    // Built outside the map: building gives each listener the runner, and a listener may use the
    // tenants.
    // Two threads may both build one; building reads and writes nothing, and one is kept.
    MigrationRunner built = template.forDatabase(tenant);
    MigrationRunner raced = runners.putIfAbsent(tenant, built);
    return raced != null ? raced : built;
  }

  /**
   * The runner of a listed tenant.
   *
   * @param tenant the tenant's database
   * @return its runner
   * @throws UnknownTenantException when the tenants do not list it
   */
  public MigrationRunner runner(String tenant) {
    List<String> known = tenants();
    if (!known.contains(tenant)) {
      throw new UnknownTenantException(tenant, known);
    }
    return runnerFor(tenant);
  }

  /**
   * Applies every pending migration up to the target version to a tenant, listed or not, for
   * example one created at run time before it is first used. Validates its history first, like
   * startup.
   *
   * @param tenant the tenant's database; it need not exist yet
   * @return the statuses of the migrations that ran
   * @throws InvalidDatabaseNameException when the name is not a valid database name
   * @throws com.lms.migrations.MigrationException when a migration fails or the history is not
   *     valid
   */
  public List<MigrationStatus> migrate(String tenant) {
    return runnerFor(tenant).validateAndUpTo(targetVersion);
  }

  /**
   * Applies every pending migration up to the target version to every listed tenant, {@code
   * parallelism} at a time.
   *
   * @return each tenant's outcome; {@link TenantRunReport#throwIfFailed()} turns failures into an
   *     exception
   */
  public TenantRunReport migrateAll() {
    return forEachTenant(runner -> runner.validateAndUpTo(targetVersion));
  }

  /**
   * Runs the same work for every listed tenant, {@code parallelism} at a time, each with its own
   * runner. With fail-fast, tenants not yet started when one fails are not started at all; those
   * already running finish.
   *
   * @param work what to do with each tenant's runner, returning the statuses it changed
   * @return each tenant's outcome, in listing order
   * @throws CancellationException when the calling thread is interrupted while waiting: the running
   *     tenants are interrupted too, and waited for (up to 30 s) until they stop between two
   *     migrations; the tenants not started are not started
   */
  public TenantRunReport forEachTenant(TenantWork work) {
    return forEach(tenants(), work);
  }

  /**
   * Like {@link #forEachTenant(TenantWork)}, for some tenants only.
   *
   * @param names the tenants' databases, listed or not
   * @param work what to do with each tenant's runner
   * @return each tenant's outcome, in the given order
   */
  public TenantRunReport forEach(List<String> names, TenantWork work) {
    if (names.isEmpty()) {
      return new TenantRunReport(List.of());
    }
    names.forEach(DatabaseNames::requireValid); // every name checked before any tenant starts
    int threads = Math.min(parallelism, names.size());
    if (threads == 1) {
      return runSerially(names, work);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory());
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<TenantOutcome>> futures = new ArrayList<>();
      for (String name : names) {
        futures.add(
            pool.submit(() -> stop.get() ? TenantOutcome.notStarted(name) : run(name, work, stop)));
      }
      List<TenantOutcome> outcomes = new ArrayList<>();
      for (Future<TenantOutcome> future : futures) {
        outcomes.add(future.get());
      }
      return new TenantRunReport(outcomes);
    } catch (InterruptedException e) {
      throw cancel(pool);
    } catch (ExecutionException e) {
      // run() catches everything a tenant's work throws
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Interrupts the running tenants and waits for them to stop (between two migrations, or when the
   * migration's code gives up), so that nothing runs on once the caller has its answer.
   */
  private static CancellationException cancel(ExecutorService pool) {
    pool.shutdownNow();
    boolean stopped = false;
    try {
      stopped = pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException again) {
      // Interrupted twice: stop waiting.
    }
    Thread.currentThread().interrupt();
    return new CancellationException(
        stopped
            ? "Interrupted while migrating tenants; the tenants running then have stopped"
            : "Interrupted while migrating tenants; some tenants did not stop within "
                + DurationText.of(STOP_WAIT)
                + " and finish on their own");
  }

  private TenantRunReport runSerially(List<String> names, TenantWork work) {
    AtomicBoolean stop = new AtomicBoolean();
    List<TenantOutcome> outcomes = new ArrayList<>();
    for (String name : names) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException(
            "Interrupted while migrating tenants; the tenants from '"
                + name
                + "' on were not started");
      }
      outcomes.add(stop.get() ? TenantOutcome.notStarted(name) : run(name, work, stop));
    }
    return new TenantRunReport(outcomes);
  }

  private TenantOutcome run(String tenant, TenantWork work, AtomicBoolean stop) {
    long start = System.nanoTime();
    try {
      List<MigrationStatus> applied = work.run(runnerFor(tenant));
      return TenantOutcome.succeeded(tenant, applied, Duration.ofNanos(System.nanoTime() - start));
    } catch (RuntimeException | Error e) {
      // An Error too: the other tenants' outcomes must still be reported.
      if (failFast) {
        stop.set(true);
      }
      log.error("Migrations failed for tenant '{}': {}", tenant, e.getMessage());
      return TenantOutcome.failed(tenant, e, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static ThreadFactory threadFactory() {
    int pool = pools.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(task, "lms-migrations-tenants-" + pool + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Work done with each tenant's runner. */
  @FunctionalInterface
  public interface TenantWork {

    /**
     * Does the work for one tenant.
     *
     * @param runner the tenant's runner
     * @return the statuses it changed, in order
     */
    List<MigrationStatus> run(MigrationRunner runner);
  }

  /** Builds {@link TenantMigrations}. */
  public static final class Builder {

    private final MigrationRunner template;
    private final MigrationTenants tenants;
    private int parallelism = 2;
    private boolean failFast;
    private int targetVersion = Integer.MAX_VALUE;

    private Builder(MigrationRunner template, MigrationTenants tenants) {
      this.template = Objects.requireNonNull(template, "template must not be null");
      this.tenants = Objects.requireNonNull(tenants, "tenants must not be null");
    }

    /**
     * How many tenants are migrated at once (default 2). Each holds a connection while it runs.
     *
     * @param parallelism 1 or more
     * @return this builder
     * @throws IllegalArgumentException when it is less than 1
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException(
            "Tenant parallelism must be 1 or more, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Whether a failing tenant stops the tenants not yet started (default: no, every tenant is
     * tried).
     *
     * @param failFast {@code true} to stop at the first failure
     * @return this builder
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    /**
     * The highest version {@link #migrate(String)} and {@link #migrateAll()} apply (default: all).
     *
     * @param targetVersion 0 or more
     * @return this builder
     * @throws IllegalArgumentException when it is negative
     */
    public Builder targetVersion(int targetVersion) {
      if (targetVersion < 0) {
        throw new IllegalArgumentException(
            "The target version must be 0 or more, was " + targetVersion);
      }
      this.targetVersion = targetVersion;
      return this;
    }

    /**
     * Builds it. Nothing is read or written.
     *
     * @return the tenant migrations
     */
    public TenantMigrations build() {
      return new TenantMigrations(this);
    }
  }
}
