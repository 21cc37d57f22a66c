package com.lms.migrations;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BatchJob} did.
 *
 * @param processed documents read and transformed, including those of earlier runs when it resumed
 *     from a checkpoint
 * @param written writes sent in this run
 * @param resumedAfter the {@code _id} it resumed after, or {@code null} when it started from the
 *     beginning
 * @param duration how long this run took
 */
public record BatchResult(
    long processed, long written, @Nullable Object resumedAfter, Duration duration) {}
