package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.deploy.DeployCheckResult;
import java.util.List;

/**
 * What {@code GET /actuator/migrations/deploy-check?version=<n>} answers: whether rolling out a
 * build up to that version is safe now, and why not.
 *
 * @param targetVersion the highest version the rollout applies
 * @param safe whether it is safe now
 * @param reasons why it is not, one line each; empty when it is
 */
public record DeployCheckReport(int targetVersion, boolean safe, List<String> reasons) {

  static DeployCheckReport of(DeployCheckResult result) {
    return new DeployCheckReport(result.targetVersion(), result.safe(), result.reasons());
  }
}
