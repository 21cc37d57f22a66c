/**
 * Schema steps that undo themselves, from {@link com.lms.migrations.MigrationContext#schema()}:
 * indexes, validators, fields, collections and views. Each step records what it needs to undo
 * itself exactly, and the engine undoes the steps of a migration, newest first, after the
 * migration's own {@code down}. {@link com.lms.migrations.schema.SchemaEnvironment} and {@link
 * com.lms.migrations.schema.StepLedger} are the seam the engine implements; applications do not
 * implement them.
 */
@NullMarked
package com.lms.migrations.schema;

import org.jspecify.annotations.NullMarked;
