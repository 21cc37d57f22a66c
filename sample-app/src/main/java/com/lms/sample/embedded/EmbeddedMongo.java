package com.lms.sample.embedded;

import org.springframework.core.env.Environment;

/** When the sample app runs its own embedded MongoDB. */
public final class EmbeddedMongo {

  private EmbeddedMongo() {}

  /**
   * Whether the embedded MongoDB is used: no server is configured ({@code spring.mongodb.uri} and
   * {@code spring.mongodb.host} unset), and the run needs a database at all (the {@code create}
   * command only writes a source file).
   *
   * @param environment the environment
   * @return {@code true} when the embedded server is started
   */
  public static boolean isUsed(Environment environment) {
    return !environment.containsProperty("spring.mongodb.uri")
        && !environment.containsProperty("spring.mongodb.host")
        && !"create".equals(environment.getProperty("lms.migrations.command", "").trim());
  }
}
