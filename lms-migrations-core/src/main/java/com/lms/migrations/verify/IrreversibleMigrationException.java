package com.lms.migrations.verify;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;

/** A reversibility check found a migration whose {@code down} does not undo its {@code up}. */
public class IrreversibleMigrationException extends MigrationException {

  IrreversibleMigrationException(String report) {
    super(
        ErrorCode.IRREVERSIBLE_MIGRATION,
        "Some migrations are not reversible: their down does not bring the data back to the state"
            + " before up. Fix their down (or back up what up destroys with ctx.backup):\n"
            + report);
  }
}
