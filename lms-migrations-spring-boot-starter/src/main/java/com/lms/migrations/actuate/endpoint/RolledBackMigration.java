package com.lms.migrations.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * What {@code POST /actuator/migrations/{name}} with {@code {"action": "rollback"}} answers: the
 * migration's new status and, when there are any, the applied migrations that stay above it (the
 * rollback left a hole below them).
 *
 * @param migration the rolled back migration's status, written as its fields
 * @param appliedAbove the applied migrations above it, lowest version first; left out when none
 */
public record RolledBackMigration(
    @JsonUnwrapped MigrationDescriptor migration,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MigrationVersion> appliedAbove) {}
