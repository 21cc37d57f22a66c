package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.MigrationStatus;
import java.util.List;

/**
 * A migration named with its version, as the endpoint lists one that a report points at: a hole
 * below the current version, or an applied migration that stays above one rolled back.
 *
 * @param name its name
 * @param version its version
 */
public record MigrationVersion(String name, int version) {

  static List<MigrationVersion> of(List<MigrationStatus> statuses) {
    return statuses.stream()
        .map(status -> new MigrationVersion(status.name(), status.version()))
        .toList();
  }
}
