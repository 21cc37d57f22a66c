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
   * Runs one command and exits instead of starting the application: status, migrate, rollback,
   * rollback-to, validate, verify, mark-applied, mark-pending, pause, resume, throttle, import or
   * create.
   */
  private @Nullable String command;

  /**
   * The migration a command acts on (rollback, mark-applied, mark-pending, pause, resume, throttle,
   * create).
   */
  private @Nullable String name;

  /** The version a command acts on (rollback-to; optional for create). */
  private @Nullable String version;

  /**
   * The most documents per second the background migration may process from its next batch on
   * (throttle); 0 goes back to the migration's own limit.
   */
  private @Nullable String maxPerSecond;

  private final Create create = new Create();

  private final Verify verify = new Verify();

  public @Nullable String getCommand() {
    return command;
  }

  public void setCommand(@Nullable String command) {
    this.command = command;
  }

  public @Nullable String getName() {
    return name;
  }

  public void setName(@Nullable String name) {
    this.name = name;
  }

  public @Nullable String getVersion() {
    return version;
  }

  public void setVersion(@Nullable String version) {
    this.version = version;
  }

  public @Nullable String getMaxPerSecond() {
    return maxPerSecond;
  }

  public void setMaxPerSecond(@Nullable String maxPerSecond) {
    this.maxPerSecond = maxPerSecond;
  }

  public Create getCreate() {
    return create;
  }

  public Verify getVerify() {
    return verify;
  }

  /** Where the {@code create} command writes new migration classes. */
  public static class Create {

    /** Source folder the new class goes into. */
    private String directory = "src/main/java";

    /** Package of the new class; defaults to the package of the existing migrations. */
    private @Nullable String packageName;

    public String getDirectory() {
      return directory;
    }

    public void setDirectory(String directory) {
      this.directory = directory;
    }

    public @Nullable String getPackageName() {
      return packageName;
    }

    public void setPackageName(@Nullable String packageName) {
      this.packageName = packageName;
    }
  }

  /** How the {@code verify} command checks that rollbacks restore the data. */
  public static class Verify {

    /**
     * Scratch database the collections are copied into; it is dropped first. Defaults to the
     * application's database name with the suffix {@code _lms_verify}.
     */
    private @Nullable String database;

    public @Nullable String getDatabase() {
      return database;
    }

    public void setDatabase(@Nullable String database) {
      this.database = database;
    }
  }
}
