package com.lms.sample.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when no MongoDB server is configured ({@code spring.mongodb.uri} and host unset). */
class OnNoMongoConfigured extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    for (String property : new String[] {"spring.mongodb.uri", "spring.mongodb.host"}) {
      if (context.getEnvironment().containsProperty(property)) {
        return ConditionOutcome.noMatch(property + " is set");
      }
    }
    return ConditionOutcome.match("neither spring.mongodb.uri nor spring.mongodb.host is set");
  }
}
