package com.lms.migrations.startup;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ObjectUtils;

/** Makes every bean marked {@link DependsOnMigrations} depend on the startup migrations' bean. */
public final class DependsOnMigrationsPostProcessor implements BeanFactoryPostProcessor {

  /** Creates the post-processor; the auto-configuration registers it. */
  public DependsOnMigrationsPostProcessor() {}

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    List<String> startup =
        Arrays.asList(beanFactory.getBeanNamesForType(MigrationStartupRunner.class, true, false));
    if (startup.isEmpty()) {
      return;
    }
    for (String name : beanFactory.getBeanDefinitionNames()) {
      if (startup.contains(name)
          || beanFactory.findAnnotationOnBean(name, DependsOnMigrations.class, false) == null) {
        continue;
      }
      BeanDefinition definition = beanFactory.getBeanDefinition(name);
      String[] dependsOn = definition.getDependsOn();
      for (String runner : startup) {
        if (!ObjectUtils.containsElement(dependsOn, runner)) {
          dependsOn = ObjectUtils.addObjectToArray(dependsOn, runner);
        }
      }
      definition.setDependsOn(dependsOn);
    }
  }
}
