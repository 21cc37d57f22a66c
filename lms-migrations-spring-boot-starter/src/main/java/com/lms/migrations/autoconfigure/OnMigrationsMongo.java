package com.lms.migrations.autoconfigure;

import com.lms.migrations.connection.MigrationsMongoClient;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Matches when migrations have a database to run against: the application's {@link MongoTemplate},
 * or the starter's own {@link MigrationsMongoClient} in an application without one.
 */
class OnMigrationsMongo extends AnyNestedCondition {

  OnMigrationsMongo() {
    super(ConfigurationPhase.REGISTER_BEAN);
  }

  @ConditionalOnBean(MongoTemplate.class)
  static class ApplicationTemplate {}

  @ConditionalOnBean(MigrationsMongoClient.class)
  static class OwnClient {}
}
