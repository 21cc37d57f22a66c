package com.lms.migrations.deploy;

import java.util.Objects;

/**
 * A migration this environment leaves out on purpose (a Spring {@code @Profile} or a condition):
 * not a bean here, so neither pending nor missing. A record of it, made where it is active, is left
 * alone: not reported missing, not rolled back.
 *
 * @param className the migration's class
 * @param reason why it is not active here, such as {@code profile 'demo' is not active}
 */
public record InactiveMigration(String className, String reason) {

  /**
   * Checks the fields.
   *
   * @param className the migration's class
   * @param reason why it is not active here
   */
  public InactiveMigration {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(reason, "reason");
  }
}
