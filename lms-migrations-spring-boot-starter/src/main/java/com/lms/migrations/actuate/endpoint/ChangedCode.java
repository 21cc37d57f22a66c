package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.validation.ValidationFinding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the code of an applied migration changed since it was applied, as the endpoint shows it under
 * {@code changed}: the fingerprint recorded when it was applied and the one of the code now.
 *
 * @param recorded the fingerprint recorded when it was applied (or its change last accepted)
 * @param current the fingerprint of the code now
 */
public record ChangedCode(String recorded, String current) {

  /**
   * The changed migrations of one read, by name: the {@link ValidationFinding.Kind#CHANGED}
   * findings of its validation (none when {@code lms.migrations.validate-checksums=off}).
   */
  static Map<String, ChangedCode> of(MigrationsInfo info) {
    Map<String, ChangedCode> changed = new LinkedHashMap<>();
    for (ValidationFinding finding : info.validation().findings()) {
      if (finding.kind() == ValidationFinding.Kind.CHANGED
          && finding.recorded() != null
          && finding.local() != null) {
        changed.put(finding.name(), new ChangedCode(finding.recorded(), finding.local()));
      }
    }
    return changed;
  }
}
