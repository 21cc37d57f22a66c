package com.lms.migrations.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application runs in command-line mode: {@code lms.migrations.command} is set.
 */
class OnMigrationCommand extends SpringBootCondition {

  private static final String COMMAND = "lms.migrations.command";

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    String command = context.getEnvironment().getProperty(COMMAND);
    return command == null || command.isBlank()
        ? ConditionOutcome.noMatch("no " + COMMAND)
        : ConditionOutcome.match(COMMAND + "=" + command);
  }
}
