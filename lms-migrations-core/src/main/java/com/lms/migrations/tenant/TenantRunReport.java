package com.lms.migrations.tenant;

import java.util.List;

/**
 * What a run over every tenant did, one outcome per tenant in the order they were listed.
 *
 * @param outcomes each tenant's outcome
 */
public record TenantRunReport(List<TenantOutcome> outcomes) {

  /**
   * Copies the outcomes.
   *
   * @param outcomes each tenant's outcome
   */
  public TenantRunReport {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * The tenants whose run threw.
   *
   * @return their outcomes, in listing order
   */
  public List<TenantOutcome> failed() {
    return having(TenantOutcome.State.FAILED);
  }

  /**
   * The tenants not started because another failed first with fail-fast on.
   *
   * @return their outcomes, in listing order
   */
  public List<TenantOutcome> notStarted() {
    return having(TenantOutcome.State.NOT_STARTED);
  }

  /**
   * Whether every tenant's run succeeded.
   *
   * @return {@code true} when none failed and none was left out
   */
  public boolean succeeded() {
    return outcomes.stream().allMatch(o -> o.state() == TenantOutcome.State.SUCCEEDED);
  }

  /**
   * Throws unless every tenant's run succeeded.
   *
   * @return this report, when it did
   * @throws TenantMigrationsFailedException listing each failed and each left-out tenant
   */
  public TenantRunReport throwIfFailed() {
    if (!succeeded()) {
      throw new TenantMigrationsFailedException(this);
    }
    return this;
  }

  private List<TenantOutcome> having(TenantOutcome.State state) {
    return outcomes.stream().filter(outcome -> outcome.state() == state).toList();
  }
}
