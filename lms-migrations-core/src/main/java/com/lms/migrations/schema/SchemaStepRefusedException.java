package com.lms.migrations.schema;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;

/**
 * A schema step, or its undo, refused to act because acting would lose or overwrite data, or would
 * break a definition it cannot restore: a conflicting index, a field name in use on both sides of a
 * rename, a collection to drop that holds documents nobody backed up. Nothing was changed by the
 * step that refused.
 */
public class SchemaStepRefusedException extends MigrationException {

  SchemaStepRefusedException(String message) {
    super(ErrorCode.SCHEMA_STEP_REFUSED, message);
  }
}
