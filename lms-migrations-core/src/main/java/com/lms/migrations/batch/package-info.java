/**
 * Batch jobs over large collections, from {@link
 * com.lms.migrations.MigrationContext#batch(String)}: checkpointed, resumable, throttled. {@link
 * com.lms.migrations.batch.BatchEnvironment} and {@link com.lms.migrations.batch.BatchControl} are
 * the seam the engine implements; applications do not implement them.
 */
@NullMarked
package com.lms.migrations.batch;

import org.jspecify.annotations.NullMarked;
