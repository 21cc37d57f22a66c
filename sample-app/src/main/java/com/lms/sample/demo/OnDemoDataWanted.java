package com.lms.sample.demo;

import com.lms.sample.embedded.EmbeddedMongo;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code lms.sample.demo-data} is true, or when it is unset and the embedded MongoDB
 * is used ({@link EmbeddedMongo#isUsed}): a real server never gets demo data by surprise.
 */
class OnDemoDataWanted extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment environment = context.getEnvironment();
    String explicit = environment.getProperty("lms.sample.demo-data");
    if (explicit != null) {
      return Boolean.parseBoolean(explicit)
          ? ConditionOutcome.match("lms.sample.demo-data is true")
          : ConditionOutcome.noMatch("lms.sample.demo-data is false");
    }
    return EmbeddedMongo.isUsed(environment)
        ? ConditionOutcome.match("the embedded MongoDB is used")
        : ConditionOutcome.noMatch("a MongoDB server is configured");
  }
}
