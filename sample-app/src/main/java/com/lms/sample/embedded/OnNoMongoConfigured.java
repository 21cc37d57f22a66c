package com.lms.sample.embedded;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the embedded MongoDB is used (see {@link EmbeddedMongo#isUsed}) and no other
 * connection is defined: a Testcontainers {@code @ServiceConnection} registers its {@link
 * MongoConnectionDetails} before the configuration classes are read.
 */
class OnNoMongoConfigured extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    if (!EmbeddedMongo.isUsed(context.getEnvironment())) {
      return ConditionOutcome.noMatch(
          "a MongoDB server is configured, or the create command needs no database");
    }
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    if (beans != null
        && beans.getBeanNamesForType(MongoConnectionDetails.class, true, false).length > 0) {
      return ConditionOutcome.noMatch(
          "a MongoConnectionDetails bean is defined (for example by @ServiceConnection)");
    }
    return ConditionOutcome.match(
        "neither spring.mongodb.uri nor spring.mongodb.host is set, and no connection is defined");
  }
}
