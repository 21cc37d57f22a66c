package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.LockHolder;
import java.util.List;

/**
 * What {@code GET /actuator/migrations} answers.
 *
 * @param currentVersion the highest applied version, 0 when none
 * @param pending how many migrations are not applied
 * @param migrations every migration, lowest version first
 * @param lock who holds the migration lock right now, or null
 */
public record MigrationsReport(
    int currentVersion, long pending, List<MigrationDescriptor> migrations, LockHolder lock) {}
