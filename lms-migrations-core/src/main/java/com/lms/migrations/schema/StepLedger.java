package com.lms.migrations.schema;

import java.util.List;

/**
 * The records of one migration's schema steps, kept by the engine outside any transaction and
 * written only while the run that takes the steps owns the migration. Records of undone steps stay
 * (as {@link StepRecord.State#UNDONE}) until the migration takes its steps again.
 */
public interface StepLedger {

  /**
   * Every recorded step of the migration.
   *
   * @return the records, by {@linkplain StepRecord#index() index}
   */
  List<StepRecord> load();

  /**
   * Records a step, replacing the record with the same index.
   *
   * @param record the step
   * @throws com.lms.migrations.MigrationLeaseLostException when the run no longer owns the
   *     migration; nothing is written then
   */
  void save(StepRecord record);
}
