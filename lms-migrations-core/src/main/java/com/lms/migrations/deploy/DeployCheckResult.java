package com.lms.migrations.deploy;

import java.util.List;

/**
 * What the deploy check answered.
 *
 * @param targetVersion the highest version the rollout applies
 * @param reasons why the rollout is not safe now, one line each; empty when it is safe
 */
public record DeployCheckResult(int targetVersion, List<String> reasons) {

  /**
   * Copies the reasons.
   *
   * @param targetVersion the highest version the rollout applies
   * @param reasons why the rollout is not safe now
   */
  public DeployCheckResult {
    reasons = List.copyOf(reasons);
  }

  /**
   * Whether the rollout is safe now.
   *
   * @return {@code true} when there is no reason against it
   */
  public boolean safe() {
    return reasons.isEmpty();
  }
}
