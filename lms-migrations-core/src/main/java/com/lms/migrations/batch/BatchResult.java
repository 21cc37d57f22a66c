package com.lms.migrations.batch;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BatchJob} did. A job that resumed from a checkpoint counts its documents and writes
 * twice: in this run alone, and in every run of the job (this one and the runs it resumed).
 *
 * @param processed documents the filter matched and the job processed, in every run of the job
 * @param written writes sent in this run ({@code update} and {@code delete}: documents they matched
 *     or deleted in this run)
 * @param resumedAfter the {@code _id} it resumed after, or {@code null} when it started from the
 *     beginning
 * @param duration how long this run took
 * @param processedThisRun documents processed in this run
 * @param writtenInAllRuns writes sent in every run of the job
 */
public record BatchResult(
    long processed,
    long written,
    @Nullable Object resumedAfter,
    Duration duration,
    long processedThisRun,
    long writtenInAllRuns) {}
