package com.lms.sample.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the embedded MongoDB is used (see {@link EmbeddedMongo#isUsed}). */
class OnNoMongoConfigured extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    return EmbeddedMongo.isUsed(context.getEnvironment())
        ? ConditionOutcome.match("neither spring.mongodb.uri nor spring.mongodb.host is set")
        : ConditionOutcome.noMatch(
            "a MongoDB server is configured, or the create command needs no database");
  }
}
