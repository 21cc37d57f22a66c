package com.lms.migrations.cli;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The command-line mode's one-shot arguments, under {@code lms.migrations}: given on the command
 * line ({@code --lms.migrations.command=status}), never in {@code application.yml}.
 */
@ConfigurationProperties("lms.migrations")
public class MigrationCommandProperties {

  /** The property that switches the application into command-line mode. */
  static final String COMMAND = "lms.migrations.command";

  /**
   * Command to run instead of starting the application, which exits once it is done. An unknown
   * command prints the list of commands.
   */
  private @Nullable String command;

  /**
   * Migration a command acts on (rollback, mark-applied, mark-pending, pause, resume,
   * rollback-in-background, throttle, create).
   */
  private @Nullable String name;

  /** Version a command acts on (rollback-to; optional for create). */
  private @Nullable String version;

  /**
   * Most documents per second the background migration may process from its next batch on
   * (throttle); 0 goes back to the migration's own limit.
   */
  private @Nullable String maxPerSecond;

  /**
   * Tenant a command acts on, by its database, when there are tenants (lms.migrations.tenants.* or
   * a MigrationTenants bean). Without it, status summarises every tenant; migrate, validate,
   * import, pause, resume and throttle act on each tenant in turn; rollback, rollback-to,
   * rollback-in-background, mark-applied, mark-pending, accept-change, compare and verify refuse to
   * run.
   */
  private @Nullable String tenant;

  private final Create create = new Create();

  private final Verify verify = new Verify();

  private final Compare compare = new Compare();

  /** Creates the properties, with no command. */
  public MigrationCommandProperties() {}

  /** {@return the command to run, {@code null} outside command-line mode} */
  public @Nullable String getCommand() {
    return command;
  }

  /**
   * Sets the command to run, {@code null} outside command-line mode.
   *
   * @param command the new value
   */
  public void setCommand(@Nullable String command) {
    this.command = command;
  }

  /** {@return the migration a command acts on} */
  public @Nullable String getName() {
    return name;
  }

  /**
   * Sets the migration a command acts on.
   *
   * @param name the new value
   */
  public void setName(@Nullable String name) {
    this.name = name;
  }

  /** {@return the version a command acts on} */
  public @Nullable String getVersion() {
    return version;
  }

  /**
   * Sets the version a command acts on.
   *
   * @param version the new value
   */
  public void setVersion(@Nullable String version) {
    this.version = version;
  }

  /** {@return the rate for the {@code throttle} command, as given} */
  public @Nullable String getMaxPerSecond() {
    return maxPerSecond;
  }

  /**
   * Sets the rate for the {@code throttle} command.
   *
   * @param maxPerSecond the most documents per second, 0 for the migration's own limit
   */
  public void setMaxPerSecond(@Nullable String maxPerSecond) {
    this.maxPerSecond = maxPerSecond;
  }

  /** {@return the tenant a command acts on, {@code null} for every tenant} */
  public @Nullable String getTenant() {
    return tenant;
  }

  /**
   * Sets the tenant a command acts on, {@code null} for every tenant.
   *
   * @param tenant the tenant's database
   */
  public void setTenant(@Nullable String tenant) {
    this.tenant = tenant;
  }

  /** {@return where the {@code create} command writes new migration classes} */
  public Create getCreate() {
    return create;
  }

  /** {@return how the {@code verify} command checks rollbacks} */
  public Verify getVerify() {
    return verify;
  }

  /** Where the {@code create} command writes new migration classes. */
  public static class Create {

    /** Source folder the new class goes into. */
    private String directory = "src/main/java";

    /** Package of the new class; defaults to the package of the existing migrations. */
    private @Nullable String packageName;

    /** Creates the properties with their defaults. */
    public Create() {}

    /** {@return the source folder new classes go into} */
    public String getDirectory() {
      return directory;
    }

    /**
     * Sets the source folder new classes go into.
     *
     * @param directory the new value
     */
    public void setDirectory(String directory) {
      this.directory = directory;
    }

    /** {@return the package of new classes, {@code null} for that of the existing migrations} */
    public @Nullable String getPackageName() {
      return packageName;
    }

    /**
     * Sets the package of new classes, {@code null} for that of the existing migrations.
     *
     * @param packageName the new value
     */
    public void setPackageName(@Nullable String packageName) {
      this.packageName = packageName;
    }
  }

  /** {@return what the {@code compare} command compares this database's history with} */
  public Compare getCompare() {
    return compare;
  }

  /** What the {@code compare} command compares this database's history with. */
  public static class Compare {

    /**
     * Database of the same connection whose history the compare command compares with this one's;
     * with tenants, a tenant (named by its database).
     */
    private @Nullable String database;

    /** Creates the properties with their defaults. */
    public Compare() {}

    /** {@return the database to compare with, {@code null} when not given} */
    public @Nullable String getDatabase() {
      return database;
    }

    /**
     * Sets the database to compare with.
     *
     * @param database the new value
     */
    public void setDatabase(@Nullable String database) {
      this.database = database;
    }
  }

  /** How the {@code verify} command checks that rollbacks restore the data. */
  public static class Verify {

    /**
     * Scratch database the collections are copied into; it is dropped first. Defaults to the
     * application's database name with the suffix _lms_verify.
     */
    private @Nullable String database;

    /** Creates the properties with their defaults. */
    public Verify() {}

    /** {@return the scratch database, {@code null} for the default name} */
    public @Nullable String getDatabase() {
      return database;
    }

    /**
     * Sets the scratch database, {@code null} for the default name.
     *
     * @param database the new value
     */
    public void setDatabase(@Nullable String database) {
      this.database = database;
    }
  }
}
