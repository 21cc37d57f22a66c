package com.lms.migrations.deploy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pending {@linkplain MigrationPhase#CONTRACT contract} migration that waits for instances whose
 * builds do not know it; it and the migrations after it are applied once they are gone.
 *
 * @param migration the migration's name
 * @param version its version
 * @param olderBuilds the running instances whose builds know only lower versions
 */
public record ContractWait(String migration, int version, List<RunningInstance> olderBuilds) {

  /**
   * Copies the instances.
   *
   * @param migration the migration's name
   * @param version its version
   * @param olderBuilds the running instances whose builds know only lower versions
   */
  public ContractWait {
    olderBuilds = List.copyOf(olderBuilds);
  }

  /**
   * The wait as a person reads it.
   *
   * @return for example {@code contract migration 'drop_title' (version 8) waits for instances
   *     whose builds do not know it: pod-3 (pid 12), build knows up to v7}
   */
  public String describe() {
    return "contract migration '"
        + migration
        + "' (version "
        + version
        + ") waits for instances whose builds do not know it: "
        + olderBuilds.stream().map(RunningInstance::describe).collect(Collectors.joining("; "));
  }
}
