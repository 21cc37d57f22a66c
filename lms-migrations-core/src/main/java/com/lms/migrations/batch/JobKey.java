package com.lms.migrations.batch;

/**
 * Identifies a batch job within a migration: its exact name, and which job of that name it is in
 * the run (the order is the same in every run of the migration).
 *
 * @param name the job's name
 * @param occurrence 1 for the first job of that name in the run, then 2 and so on
 */
public record JobKey(String name, int occurrence) {

  @Override
  public String toString() {
    return occurrence == 1 ? name : name + " (#" + occurrence + ")";
  }
}
