package com.lms.migrations.validation;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import java.util.List;

/**
 * What {@link MigrationRunner#validate} found.
 *
 * @param findings every disagreement, errors and warnings, in the order they were found
 * @param future migrations recorded above the highest version this build knows, applied by a newer
 *     build (this one is an older build, for example one a deploy was rolled back to); lowest
 *     version first
 */
public record ValidationResult(List<ValidationFinding> findings, List<MigrationStatus> future) {

  /**
   * Copies the lists.
   *
   * @param findings every disagreement, errors and warnings, in the order they were found
   * @param future migrations recorded above the highest version this build knows, applied by a
   *     newer build (this one is an older build, for example one a deploy was rolled back to);
   *     lowest version first
   */
  public ValidationResult {
    findings = List.copyOf(findings);
    future = List.copyOf(future);
  }

  /**
   * The findings that make running unsafe.
   *
   * @return the {@link ValidationFinding.Severity#ERROR} findings
   */
  public List<ValidationFinding> errorFindings() {
    return findings.stream().filter(ValidationFinding::isError).toList();
  }

  /**
   * The findings worth fixing that do not stop a run.
   *
   * @return the {@link ValidationFinding.Severity#WARNING} findings
   */
  public List<ValidationFinding> warningFindings() {
    return findings.stream().filter(finding -> !finding.isError()).toList();
  }

  /**
   * Disagreements that make running unsafe, each with the stored and the local value and the fix.
   *
   * @return the messages of the {@link #errorFindings() errors}
   */
  public List<String> errors() {
    return errorFindings().stream().map(ValidationFinding::message).toList();
  }

  /**
   * Things worth fixing that do not stop a run.
   *
   * @return the messages of the {@link #warningFindings() warnings}
   */
  public List<String> warnings() {
    return warningFindings().stream().map(ValidationFinding::message).toList();
  }

  /**
   * Whether nothing stops a run.
   *
   * @return {@code true} when there is no error
   */
  public boolean isValid() {
    return findings.stream().noneMatch(ValidationFinding::isError);
  }

  /**
   * Throws when there are errors.
   *
   * @throws MigrationValidationException listing every error
   */
  public void throwIfInvalid() {
    if (!isValid()) {
      throw new MigrationValidationException(errorFindings());
    }
  }
}
