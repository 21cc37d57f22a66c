package com.lms.migrations.diagnostics;

import com.lms.migrations.AdviceNames;

/**
 * How a Spring Boot user acts on a failure: a setting by its property ({@code
 * lms.migrations.lock.wait-time}), a pause by the endpoint's request ({@code POST
 * /actuator/migrations/backfill {"action":"pause"}}).
 */
enum PropertyAdviceNames implements AdviceNames {
  INSTANCE;

  @Override
  public String setting(String path) {
    return FailureAdvice.propertyOf(path);
  }

  @Override
  public String pause(String migrationName) {
    return "POST /actuator/migrations/" + migrationName + " {\"action\":\"pause\"}";
  }
}
