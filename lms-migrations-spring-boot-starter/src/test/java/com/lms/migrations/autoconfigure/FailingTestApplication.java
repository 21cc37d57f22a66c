package com.lms.migrations.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * An application whose only migration fails; also started in its own JVM to check the exit code.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BrokenMigration.class)
class FailingTestApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(FailingTestApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
