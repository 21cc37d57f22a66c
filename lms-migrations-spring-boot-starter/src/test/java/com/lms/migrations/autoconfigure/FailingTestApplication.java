package com.lms.migrations.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * An application whose only migration fails; also started in its own JVM to check the exit code.
 *
 * <p>Its MongoDB is blocking only. The test class path also has the reactive driver (for the
 * reactive application tests), and Spring Boot 4.0 gives a blocking and a reactive client made in
 * one application a Netty event loop each but shuts down only one: the other's threads would keep
 * this JVM alive after the failed start.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = {
      "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
      "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration",
      "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveRepositoriesAutoConfiguration",
      "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration"
    })
@Import(BrokenMigration.class)
class FailingTestApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(FailingTestApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
