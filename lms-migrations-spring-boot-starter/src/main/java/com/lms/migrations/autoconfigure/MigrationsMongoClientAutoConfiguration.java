package com.lms.migrations.autoconfigure;

import com.lms.migrations.connection.MigrationsMongoClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Lets migrations run in an application that has a MongoDB connection but no {@link MongoTemplate}
 * bean, such as a WebFlux service with only {@code spring-boot-starter-data-mongodb-reactive}:
 * opens a {@link MigrationsMongoClient} of the starter's own from Spring Boot's {@link
 * MongoConnectionDetails}. Backs off when the application has a {@code MongoTemplate}, which the
 * migrations then use.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
      "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
      "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
      "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration"
    },
    before = MigrationsAutoConfiguration.class)
@ConditionalOnClass({
  MongoTemplate.class,
  MongoConnectionDetails.class,
  com.mongodb.client.MongoClient.class
})
@ConditionalOnBean(MongoConnectionDetails.class)
@ConditionalOnMissingBean(MongoTemplate.class)
@ConditionalOnBooleanProperty(name = "lms.migrations.enabled", matchIfMissing = true)
public final class MigrationsMongoClientAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  MigrationsMongoClient migrationsMongoClient(
      MongoConnectionDetails connectionDetails, ObjectProvider<MongoProperties> properties) {
    return MigrationsMongoClient.open(
        connectionDetails, properties.getIfAvailable(MongoProperties::new));
  }
}
