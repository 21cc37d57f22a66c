package com.lms.migrations;

import com.lms.migrations.deploy.ContractWait;
import com.lms.migrations.deploy.MigrationPhase;
import com.lms.migrations.deploy.RunningInstance;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The expand-and-contract rule, asked by every path that plans to apply migrations: a plan stops
 * before the first contract migration that a running instance's build does not know. The running
 * instances are read only when the plan holds a contract migration.
 *
 * @param plan what may be applied now
 * @param waiting why the rest waits, or {@code null} when nothing does
 */
record ContractGate(List<Migration> plan, @Nullable ContractWait waiting) {

  static ContractGate of(List<Migration> planned, Supplier<List<RunningInstance>> live) {
    if (planned.stream().noneMatch(migration -> migration.phase() == MigrationPhase.CONTRACT)) {
      return new ContractGate(planned, null);
    }
    List<RunningInstance> instances = live.get();
    for (int i = 0; i < planned.size(); i++) {
      Migration migration = planned.get(i);
      if (migration.phase() != MigrationPhase.CONTRACT) {
        continue;
      }
      List<RunningInstance> older =
          instances.stream()
              .filter(instance -> instance.knowsUpTo() < migration.version())
              .toList();
      if (!older.isEmpty()) {
        return new ContractGate(
            List.copyOf(planned.subList(0, i)),
            new ContractWait(migration.name(), migration.version(), older));
      }
    }
    return new ContractGate(planned, null);
  }
}
