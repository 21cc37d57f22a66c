package com.lms.migrations.autoconfigure;

import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.TransactionMode;
import com.lms.migrations.startup.MigrationStartupPhase;
import com.lms.migrations.validation.ValidationPolicy.ChecksumCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of lms-migrations, under {@code lms.migrations}. */
@ConfigurationProperties("lms.migrations")
public class MigrationsProperties {

  /** Whether lms-migrations is enabled at all. When disabled it touches nothing. */
  private boolean enabled = true;

  /** Whether pending migrations are applied when the application starts. */
  private boolean runOnStartup = true;

  /** Collection holding one status document (with its history) per migration. */
  private String collection = MigrationSettings.DEFAULT_COLLECTION;

  /** How many log lines are kept per migration (the newest ones). */
  private int logLimit = MigrationSettings.DEFAULT_LOG_LIMIT;

  /** Whether a failed migration stops the application from starting. */
  private boolean failOnError = true;

  /** Highest version to apply at startup. Unset means every migration. */
  private @Nullable Integer targetVersion;

  /**
   * Comma-separated list of packages scanned for classes implementing Migration, which become beans
   * even without @Component (for migrations shipped in a library jar).
   */
  private List<String> scanPackages = new ArrayList<>();

  /**
   * When each migration and its status change run in one transaction: AUTO when the server supports
   * transactions (replica set or sharded cluster), ALWAYS (refusing to run without them) or NEVER.
   */
  private TransactionMode transactionMode = TransactionMode.AUTO;

  /** Whether a migration recorded as applied may be missing from the code. */
  private boolean ignoreMissing;

  /** Whether a pending migration may have a version below the highest applied one (merged late). */
  private boolean outOfOrder;

  /**
   * What an applied migration whose code changed since it was applied is: FAIL stops startup until
   * the change is undone or accepted, WARN logs a warning and starts, OFF does not check (the
   * fingerprints are still recorded).
   */
  private ChecksumCheck validateChecksums = ChecksumCheck.FAIL;

  /** Whether startup only validates and logs what it would run, applying and writing nothing. */
  private boolean dryRun;

  /**
   * On a database without migration history, record every migration up to this version as applied
   * without running it (adopting lms-migrations on an existing database).
   */
  private @Nullable Integer baselineVersion;

  /**
   * How long a migration waits for the background migrations it requires to complete before the run
   * is refused. Zero refuses at once.
   */
  private Duration requiredWaitTime = Duration.ZERO;

  private final Lock lock = new Lock();

  private final Background background = new Background();

  private final Instances instances = new Instances();

  private final Startup startup = new Startup();

  private final Import importing = new Import();

  /**
   * Database the migrations run against, holding their history and lock, on the application's
   * connection (or the @MigrationsMongoTemplate one). Unset means that template's own database.
   */
  private @Nullable String database;

  private final Tenants tenants = new Tenants();

  /** Creates the properties with their defaults. */
  public MigrationsProperties() {}

  /** {@return whether lms-migrations is enabled at all} */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether lms-migrations is enabled at all.
   *
   * @param enabled the new value
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return whether pending migrations are applied when the application starts} */
  public boolean isRunOnStartup() {
    return runOnStartup;
  }

  /**
   * Sets whether pending migrations are applied when the application starts.
   *
   * @param runOnStartup the new value
   */
  public void setRunOnStartup(boolean runOnStartup) {
    this.runOnStartup = runOnStartup;
  }

  /** {@return the collection holding one status document per migration} */
  public String getCollection() {
    return collection;
  }

  /**
   * Sets the collection holding one status document per migration.
   *
   * @param collection the new value
   */
  public void setCollection(String collection) {
    this.collection = collection;
  }

  /** {@return how many log lines are kept per migration} */
  public int getLogLimit() {
    return logLimit;
  }

  /**
   * Sets how many log lines are kept per migration.
   *
   * @param logLimit the new value
   */
  public void setLogLimit(int logLimit) {
    this.logLimit = logLimit;
  }

  /** {@return whether a failed migration stops the application from starting} */
  public boolean isFailOnError() {
    return failOnError;
  }

  /**
   * Sets whether a failed migration stops the application from starting.
   *
   * @param failOnError the new value
   */
  public void setFailOnError(boolean failOnError) {
    this.failOnError = failOnError;
  }

  /** {@return the highest version to apply at startup, {@code null} for every migration} */
  public @Nullable Integer getTargetVersion() {
    return targetVersion;
  }

  /**
   * Sets the highest version to apply at startup, {@code null} for every migration.
   *
   * @param targetVersion the new value
   */
  public void setTargetVersion(@Nullable Integer targetVersion) {
    this.targetVersion = targetVersion;
  }

  /** {@return the packages scanned for classes implementing Migration} */
  public List<String> getScanPackages() {
    return scanPackages;
  }

  /**
   * Sets the packages scanned for classes implementing Migration.
   *
   * @param scanPackages the new value
   */
  public void setScanPackages(List<String> scanPackages) {
    this.scanPackages = scanPackages;
  }

  /** {@return whether each migration and its status change run in one transaction} */
  public TransactionMode getTransactionMode() {
    return transactionMode;
  }

  /**
   * Sets whether each migration and its status change run in one transaction.
   *
   * @param transactionMode the new value
   */
  public void setTransactionMode(TransactionMode transactionMode) {
    this.transactionMode = transactionMode;
  }

  /** {@return how long a migration waits for the background migrations it requires} */
  public Duration getRequiredWaitTime() {
    return requiredWaitTime;
  }

  /**
   * Sets how long a migration waits for the background migrations it requires.
   *
   * @param requiredWaitTime the wait; zero refuses at once
   */
  public void setRequiredWaitTime(Duration requiredWaitTime) {
    this.requiredWaitTime = requiredWaitTime;
  }

  /** {@return the running instances' records settings} */
  public Instances getInstances() {
    return instances;
  }

  /** {@return the background migrations' settings} */
  public Background getBackground() {
    return background;
  }

  /** {@return how instances share the work} */
  public Lock getLock() {
    return lock;
  }

  /** {@return when startup migrations run, and what web requests get meanwhile} */
  public Startup getStartup() {
    return startup;
  }

  /** {@return the database migrations run against, or {@code null} for the template's own} */
  public @Nullable String getDatabase() {
    return database;
  }

  /**
   * Sets the database migrations run against.
   *
   * @param database its name, or {@code null} for the template's own
   */
  public void setDatabase(@Nullable String database) {
    this.database = database;
  }

  /** {@return the tenant databases to migrate} */
  public Tenants getTenants() {
    return tenants;
  }

  /** {@return the history of another migration tool to adopt} */
  public Import getImport() {
    return importing;
  }

  /** {@return whether a migration recorded as applied may be missing from the code} */
  public boolean isIgnoreMissing() {
    return ignoreMissing;
  }

  /**
   * Sets whether a migration recorded as applied may be missing from the code.
   *
   * @param ignoreMissing the new value
   */
  public void setIgnoreMissing(boolean ignoreMissing) {
    this.ignoreMissing = ignoreMissing;
  }

  /** {@return whether a pending migration may have a version below the highest applied one} */
  public boolean isOutOfOrder() {
    return outOfOrder;
  }

  /**
   * Sets whether a pending migration may have a version below the highest applied one.
   *
   * @param outOfOrder the new value
   */
  public void setOutOfOrder(boolean outOfOrder) {
    this.outOfOrder = outOfOrder;
  }

  /** {@return what an applied migration whose code changed since it was applied is} */
  public ChecksumCheck getValidateChecksums() {
    return validateChecksums;
  }

  /**
   * Sets what an applied migration whose code changed since it was applied is.
   *
   * @param validateChecksums the new value
   */
  public void setValidateChecksums(ChecksumCheck validateChecksums) {
    this.validateChecksums = validateChecksums;
  }

  /** {@return whether startup only validates and logs what it would run} */
  public boolean isDryRun() {
    return dryRun;
  }

  /**
   * Sets whether startup only validates and logs what it would run.
   *
   * @param dryRun the new value
   */
  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  /**
   * {@return the version up to which a database without history is recorded as applied, {@code
   * null} for none}
   */
  public @Nullable Integer getBaselineVersion() {
    return baselineVersion;
  }

  /**
   * Sets the version up to which a database without history is recorded as applied, {@code null}
   * for none.
   *
   * @param baselineVersion the new value
   */
  public void setBaselineVersion(@Nullable Integer baselineVersion) {
    this.baselineVersion = baselineVersion;
  }

  /** How instances share the work: a lease lock in MongoDB. */
  public static class Lock {

    /** Collection holding the lock document. */
    private String collection = LockSettings.DEFAULT_COLLECTION;

    /** How long a lock lives without a heartbeat; the holder renews it every third of this. */
    private Duration leaseTime = LockSettings.DEFAULT_LEASE_TIME;

    /** How long an instance waits for another instance's run before failing. */
    private Duration waitTime = LockSettings.DEFAULT_WAIT_TIME;

    /**
     * Longest a waiting instance waits between two checks of the lock. It waits a tenth of the time
     * it has waited so far, at least 10 ms, at most this.
     */
    private Duration pollInterval = LockSettings.DEFAULT_POLL_INTERVAL;

    /** Creates the lock properties with their defaults. */
    public Lock() {}

    /** {@return the collection holding the lock document} */
    public String getCollection() {
      return collection;
    }

    /**
     * Sets the collection holding the lock document.
     *
     * @param collection the new value
     */
    public void setCollection(String collection) {
      this.collection = collection;
    }

    /** {@return how long a lock lives without a heartbeat} */
    public Duration getLeaseTime() {
      return leaseTime;
    }

    /**
     * Sets how long a lock lives without a heartbeat.
     *
     * @param leaseTime the new value
     */
    public void setLeaseTime(Duration leaseTime) {
      this.leaseTime = leaseTime;
    }

    /** {@return how long an instance waits for another instance's run} */
    public Duration getWaitTime() {
      return waitTime;
    }

    /**
     * Sets how long an instance waits for another instance's run.
     *
     * @param waitTime the new value
     */
    public void setWaitTime(Duration waitTime) {
      this.waitTime = waitTime;
    }

    /** {@return the longest wait between two checks of the lock} */
    public Duration getPollInterval() {
      return pollInterval;
    }

    /**
     * Sets the longest wait between two checks of the lock.
     *
     * @param pollInterval the new value
     */
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /** Background migrations: run after the application is ready, one worker per instance. */
  public static class Background {

    /**
     * Whether this instance runs background migrations once it is ready. Other instances can run
     * them when this one does not.
     */
    private boolean enabled = true;

    /** How often an idle worker looks for background migrations to run (or resumed ones). */
    private Duration pollInterval = Duration.ofSeconds(10);

    /** Creates the defaults. */
    public Background() {}

    /** {@return whether this instance runs background migrations} */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether this instance runs background migrations.
     *
     * @param enabled whether it does
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return how often an idle worker looks for work} */
    public Duration getPollInterval() {
      return pollInterval;
    }

    /**
     * Sets how often an idle worker looks for work.
     *
     * @param pollInterval the interval, positive
     */
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /**
   * Which builds are running: each instance keeps a record of itself (host, pid, application name
   * and build version, the highest migration version its build knows), renewed at an interval and
   * lapsing three intervals after the last renewal.
   */
  public static class Instances {

    /** Whether this instance keeps a record of itself while it runs. */
    private boolean enabled = true;

    /** How often this instance renews its record. */
    private Duration renewInterval = Duration.ofSeconds(10);

    /** Creates the defaults. */
    public Instances() {}

    /** {@return whether this instance keeps a record of itself} */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether this instance keeps a record of itself.
     *
     * @param enabled whether it does
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** {@return how often this instance renews its record} */
    public Duration getRenewInterval() {
      return renewInterval;
    }

    /**
     * Sets how often this instance renews its record.
     *
     * @param renewInterval the interval, positive
     */
    public void setRenewInterval(Duration renewInterval) {
      this.renewInterval = renewInterval;
    }
  }

  /**
   * A database per tenant: every migration is applied to each tenant's database, which keeps its
   * own history and lock. Set the databases or a pattern, or define a MigrationTenants bean.
   */
  public static class Tenants {

    /** Comma-separated list of tenant databases to migrate, each with its own history and lock. */
    private List<String> databases = new ArrayList<>();

    /**
     * Regular expression: every existing database whose whole name matches is a tenant (admin,
     * local and config never are).
     */
    private @Nullable String pattern;

    /** How many tenants are migrated at once at startup. */
    private int parallelism = 2;

    /** Whether the first failing tenant stops startup from starting the tenants not yet started. */
    private boolean failFast;

    /** Creates the defaults. */
    public Tenants() {}

    /** {@return the tenant databases} */
    public List<String> getDatabases() {
      return databases;
    }

    /**
     * Sets the tenant databases.
     *
     * @param databases their names
     */
    public void setDatabases(List<String> databases) {
      this.databases = databases;
    }

    /** {@return the pattern existing tenant databases match, or {@code null}} */
    public @Nullable String getPattern() {
      return pattern;
    }

    /**
     * Sets the pattern existing tenant databases match.
     *
     * @param pattern a regular expression
     */
    public void setPattern(@Nullable String pattern) {
      this.pattern = pattern;
    }

    /** {@return how many tenants are migrated at once} */
    public int getParallelism() {
      return parallelism;
    }

    /**
     * Sets how many tenants are migrated at once.
     *
     * @param parallelism 1 or more
     */
    public void setParallelism(int parallelism) {
      this.parallelism = parallelism;
    }

    /** {@return whether the first failing tenant stops the others not yet started} */
    public boolean isFailFast() {
      return failFast;
    }

    /**
     * Sets whether the first failing tenant stops the others not yet started.
     *
     * @param failFast whether it does
     */
    public void setFailFast(boolean failFast) {
      this.failFast = failFast;
    }
  }

  /** When startup migrations run, and what web requests get meanwhile. */
  public static class Startup {

    /**
     * When startup migrations run: RUNNER (the first ApplicationRunner, after the web server has
     * started) or REFRESH (during context refresh, before the web server, schedulers and message
     * listeners start, and before beans marked @DependsOnMigrations are created).
     */
    private MigrationStartupPhase phase = MigrationStartupPhase.RUNNER;

    /**
     * Whether web requests get 503 Service Unavailable while the startup migrations run, except
     * those to the health and migrations endpoints.
     */
    private boolean holdRequests = true;

    /** Creates the startup properties with their defaults. */
    public Startup() {}

    /** {@return when startup migrations run} */
    public MigrationStartupPhase getPhase() {
      return phase;
    }

    /**
     * Sets when startup migrations run.
     *
     * @param phase the new value
     */
    public void setPhase(MigrationStartupPhase phase) {
      this.phase = phase;
    }

    /** {@return whether web requests get 503 while the startup migrations run} */
    public boolean isHoldRequests() {
      return holdRequests;
    }

    /**
     * Sets whether web requests get 503 while the startup migrations run.
     *
     * @param holdRequests the new value
     */
    public void setHoldRequests(boolean holdRequests) {
      this.holdRequests = holdRequests;
    }
  }

  /** Adopting the history another migration tool left in the database. */
  public static class Import {

    /**
     * Tool whose history is imported at startup when this application's history is empty: mongock,
     * mongobee, migrate-mongo or flyway. Unset means no import.
     */
    private @Nullable String from;

    /** Collection holding the tool's history, when it is not the tool's default. */
    private @Nullable String collection;

    /** Collection holding the tool's lock, when it is not the tool's default. */
    private @Nullable String lockCollection;

    /**
     * Old change ids (Mongock or mongobee changeId, migrate-mongo fileName, Flyway version) mapped
     * to the names of the migrations that replace them, beside what each migration's replaces()
     * says. Write each id in brackets ("[add_tags_v1]": add_tags): Spring Boot drops every
     * character but letters, digits, '-' and '.' from map keys written without them.
     */
    private Map<String, String> mappings = new LinkedHashMap<>();

    /** Creates the import properties, importing nothing. */
    public Import() {}

    /** {@return the tool whose history is imported, {@code null} for no import} */
    public @Nullable String getFrom() {
      return from;
    }

    /**
     * Sets the tool whose history is imported, {@code null} for no import.
     *
     * @param from the new value
     */
    public void setFrom(@Nullable String from) {
      this.from = from;
    }

    /** {@return the collection holding the tool's history, {@code null} for the tool's default} */
    public @Nullable String getCollection() {
      return collection;
    }

    /**
     * Sets the collection holding the tool's history, {@code null} for the tool's default.
     *
     * @param collection the new value
     */
    public void setCollection(@Nullable String collection) {
      this.collection = collection;
    }

    /** {@return the collection holding the tool's lock, {@code null} for the tool's default} */
    public @Nullable String getLockCollection() {
      return lockCollection;
    }

    /**
     * Sets the collection holding the tool's lock, {@code null} for the tool's default.
     *
     * @param lockCollection the new value
     */
    public void setLockCollection(@Nullable String lockCollection) {
      this.lockCollection = lockCollection;
    }

    /** {@return old change ids mapped to the names of the migrations that replace them} */
    public Map<String, String> getMappings() {
      return mappings;
    }

    /**
     * Sets old change ids mapped to the names of the migrations that replace them.
     *
     * @param mappings the new value
     */
    public void setMappings(Map<String, String> mappings) {
      this.mappings = mappings;
    }
  }
}
