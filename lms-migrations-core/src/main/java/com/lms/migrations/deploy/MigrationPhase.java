package com.lms.migrations.deploy;

/**
 * When in a rolling deploy a migration is safe to apply.
 *
 * <p>An {@link #EXPAND} migration adds (a field, an index, a collection): the builds still running
 * the old code ignore what it adds, so it is applied as soon as a new build starts. A {@link
 * #CONTRACT} migration removes or changes what the old code reads (drops a field, renames one,
 * tightens a validator): it is applied only once every running instance's build knows its version,
 * that is once no instance of an older build is serving.
 */
public enum MigrationPhase {

  /** Additive: safe while older builds run. The default. */
  EXPAND,

  /** Removes or changes what older builds read: waits until no older build is running. */
  CONTRACT
}
