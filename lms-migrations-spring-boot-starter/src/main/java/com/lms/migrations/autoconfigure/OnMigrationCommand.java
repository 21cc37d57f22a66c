package com.lms.migrations.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the application runs in command-line mode (a non-blank command is given). */
class OnMigrationCommand extends OnNoMigrationCommand {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionOutcome noCommand = super.getMatchOutcome(context, metadata);
    return new ConditionOutcome(!noCommand.isMatch(), noCommand.getConditionMessage());
  }
}
