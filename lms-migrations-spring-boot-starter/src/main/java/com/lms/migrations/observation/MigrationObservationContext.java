package com.lms.migrations.observation;

import com.lms.migrations.Direction;
import com.lms.migrations.MigrationExecution;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/** What an observation of one migration run knows: the migration, the direction, the outcome. */
public class MigrationObservationContext extends Observation.Context {

  private final String migration;
  private final int version;
  private final Direction direction;
  private final @Nullable String tenant;
  private volatile @Nullable MigrationExecution execution;

  /**
   * Creates the context of a run that is about to start.
   *
   * @param migration the migration's name
   * @param version the migration's version
   * @param direction which way it runs
   */
  public MigrationObservationContext(String migration, int version, Direction direction) {
    this(migration, version, direction, null);
  }

  /**
   * Creates the context of a run that is about to start in a tenant's database.
   *
   * @param migration the migration's name
   * @param version the migration's version
   * @param direction which way it runs
   * @param tenant the tenant's database, or {@code null} without tenants
   */
  public MigrationObservationContext(
      String migration, int version, Direction direction, @Nullable String tenant) {
    this.migration = migration;
    this.version = version;
    this.direction = direction;
    this.tenant = tenant;
  }

  /**
   * The tenant whose database the migration runs in.
   *
   * @return the tenant's database, or {@code null} without tenants
   */
  public @Nullable String getTenant() {
    return tenant;
  }

  /**
   * The migration's name.
   *
   * @return the name
   */
  public String getMigration() {
    return migration;
  }

  /**
   * The migration's version.
   *
   * @return the version
   */
  public int getVersion() {
    return version;
  }

  /**
   * Which way the migration runs.
   *
   * @return the direction
   */
  public Direction getDirection() {
    return direction;
  }

  /**
   * What happened, once the run finished.
   *
   * @return the execution, or {@code null} while it runs
   */
  public @Nullable MigrationExecution getExecution() {
    return execution;
  }

  /**
   * Records what happened.
   *
   * @param execution the finished run
   */
  public void setExecution(MigrationExecution execution) {
    this.execution = execution;
  }
}
