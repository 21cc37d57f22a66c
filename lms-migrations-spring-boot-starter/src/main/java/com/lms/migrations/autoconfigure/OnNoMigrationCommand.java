package com.lms.migrations.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless the application runs in command-line mode ({@code lms.migrations.command}). */
class OnNoMigrationCommand extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    String command = context.getEnvironment().getProperty("lms.migrations.command");
    return command == null || command.isBlank()
        ? ConditionOutcome.match("no lms.migrations.command")
        : ConditionOutcome.noMatch("lms.migrations.command=" + command);
  }
}
