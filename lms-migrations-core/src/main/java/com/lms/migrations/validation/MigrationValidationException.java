package com.lms.migrations.validation;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;
import java.util.List;

/** The registered migrations disagree with the recorded history; nothing was run. */
public class MigrationValidationException extends MigrationException {

  private final transient List<ValidationFinding> findings;

  MigrationValidationException(List<ValidationFinding> findings) {
    super(
        ErrorCode.VALIDATION_FAILED,
        "Migrations do not match the recorded history, so nothing was run:\n - "
            + String.join("\n - ", findings.stream().map(ValidationFinding::message).toList()));
    this.findings = List.copyOf(findings);
  }

  /**
   * Every disagreement that stopped the run, typed.
   *
   * @return the error findings
   */
  public List<ValidationFinding> getFindings() {
    return findings;
  }

  /**
   * Every disagreement that stopped the run.
   *
   * @return the messages of the {@link #getFindings() findings}
   */
  public List<String> getErrors() {
    return findings.stream().map(ValidationFinding::message).toList();
  }
}
