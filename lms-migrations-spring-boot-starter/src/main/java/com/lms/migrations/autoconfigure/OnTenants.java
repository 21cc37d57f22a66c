package com.lms.migrations.autoconfigure;

import com.lms.migrations.tenant.MigrationTenants;
import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when there are tenants to migrate: {@code lms.migrations.tenants.databases} or {@code
 * .pattern} is set, or the application defines a {@link MigrationTenants} bean.
 */
class OnTenants extends SpringBootCondition implements ConfigurationCondition {

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Binder binder = Binder.get(context.getEnvironment());
    if (!binder
        .bind("lms.migrations.tenants.databases", Bindable.listOf(String.class))
        .orElse(List.of())
        .isEmpty()) {
      return ConditionOutcome.match("lms.migrations.tenants.databases is set");
    }
    if (StringUtils.hasText(
        binder.bind("lms.migrations.tenants.pattern", String.class).orElse(null))) {
      return ConditionOutcome.match("lms.migrations.tenants.pattern is set");
    }
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    if (beans != null
        && beans.getBeanNamesForType(MigrationTenants.class, true, false).length > 0) {
      return ConditionOutcome.match("a MigrationTenants bean is defined");
    }
    return ConditionOutcome.noMatch("no tenants are configured");
  }
}
