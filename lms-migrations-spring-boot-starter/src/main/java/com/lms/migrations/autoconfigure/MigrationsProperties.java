package com.lms.migrations.autoconfigure;

import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.TransactionMode;
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
   * Packages scanned for classes implementing Migration, which become beans even without
   * {@code @Component} (for migrations shipped in a library jar).
   */
  private List<String> scanPackages = new ArrayList<>();

  /**
   * Whether each migration and its status change run in one transaction: AUTO uses them when the
   * server supports them (replica set or sharded cluster).
   */
  private TransactionMode transactionMode = TransactionMode.AUTO;

  /** Whether a migration recorded as applied may be missing from the code. */
  private boolean ignoreMissing;

  /** Whether a pending migration may have a version below the highest applied one (merged late). */
  private boolean outOfOrder;

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

  private final Startup startup = new Startup();

  private final Import importing = new Import();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isRunOnStartup() {
    return runOnStartup;
  }

  public void setRunOnStartup(boolean runOnStartup) {
    this.runOnStartup = runOnStartup;
  }

  public String getCollection() {
    return collection;
  }

  public void setCollection(String collection) {
    this.collection = collection;
  }

  public int getLogLimit() {
    return logLimit;
  }

  public void setLogLimit(int logLimit) {
    this.logLimit = logLimit;
  }

  public boolean isFailOnError() {
    return failOnError;
  }

  public void setFailOnError(boolean failOnError) {
    this.failOnError = failOnError;
  }

  public @Nullable Integer getTargetVersion() {
    return targetVersion;
  }

  public void setTargetVersion(@Nullable Integer targetVersion) {
    this.targetVersion = targetVersion;
  }

  public List<String> getScanPackages() {
    return scanPackages;
  }

  public void setScanPackages(List<String> scanPackages) {
    this.scanPackages = scanPackages;
  }

  public TransactionMode getTransactionMode() {
    return transactionMode;
  }

  public void setTransactionMode(TransactionMode transactionMode) {
    this.transactionMode = transactionMode;
  }

  public Duration getRequiredWaitTime() {
    return requiredWaitTime;
  }

  public void setRequiredWaitTime(Duration requiredWaitTime) {
    this.requiredWaitTime = requiredWaitTime;
  }

  public Background getBackground() {
    return background;
  }

  public Lock getLock() {
    return lock;
  }

  public Startup getStartup() {
    return startup;
  }

  public Import getImport() {
    return importing;
  }

  public boolean isIgnoreMissing() {
    return ignoreMissing;
  }

  public void setIgnoreMissing(boolean ignoreMissing) {
    this.ignoreMissing = ignoreMissing;
  }

  public boolean isOutOfOrder() {
    return outOfOrder;
  }

  public void setOutOfOrder(boolean outOfOrder) {
    this.outOfOrder = outOfOrder;
  }

  public boolean isDryRun() {
    return dryRun;
  }

  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public @Nullable Integer getBaselineVersion() {
    return baselineVersion;
  }

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
     * The longest a waiting instance waits between two checks of the lock. It waits a tenth of the
     * time it has waited so far, at least 10 ms, at most this.
     */
    private Duration pollInterval = LockSettings.DEFAULT_POLL_INTERVAL;

    public String getCollection() {
      return collection;
    }

    public void setCollection(String collection) {
      this.collection = collection;
    }

    public Duration getLeaseTime() {
      return leaseTime;
    }

    public void setLeaseTime(Duration leaseTime) {
      this.leaseTime = leaseTime;
    }

    public Duration getWaitTime() {
      return waitTime;
    }

    public void setWaitTime(Duration waitTime) {
      this.waitTime = waitTime;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

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

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
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

    public MigrationStartupPhase getPhase() {
      return phase;
    }

    public void setPhase(MigrationStartupPhase phase) {
      this.phase = phase;
    }

    public boolean isHoldRequests() {
      return holdRequests;
    }

    public void setHoldRequests(boolean holdRequests) {
      this.holdRequests = holdRequests;
    }
  }

  /** Adopting the history another migration tool left in the database. */
  public static class Import {

    /**
     * The tool whose history is imported at startup when this application's history is empty:
     * mongock, mongobee, migrate-mongo or flyway. Unset means no import.
     */
    private @Nullable String from;

    /** The collection holding the tool's history, when it is not the tool's default. */
    private @Nullable String collection;

    /** The collection holding the tool's lock, when it is not the tool's default. */
    private @Nullable String lockCollection;

    /**
     * Old change ids (Mongock or mongobee changeId, migrate-mongo fileName, Flyway version) mapped
     * to the names of the migrations that replace them, beside what each migration's replaces()
     * says. Write each id in brackets ("[add_tags_v1]": add_tags): Spring Boot drops every
     * character but letters, digits, '-' and '.' from map keys written without them.
     */
    private Map<String, String> mappings = new LinkedHashMap<>();

    public @Nullable String getFrom() {
      return from;
    }

    public void setFrom(@Nullable String from) {
      this.from = from;
    }

    public @Nullable String getCollection() {
      return collection;
    }

    public void setCollection(@Nullable String collection) {
      this.collection = collection;
    }

    public @Nullable String getLockCollection() {
      return lockCollection;
    }

    public void setLockCollection(@Nullable String lockCollection) {
      this.lockCollection = lockCollection;
    }

    public Map<String, String> getMappings() {
      return mappings;
    }

    public void setMappings(Map<String, String> mappings) {
      this.mappings = mappings;
    }
  }
}
