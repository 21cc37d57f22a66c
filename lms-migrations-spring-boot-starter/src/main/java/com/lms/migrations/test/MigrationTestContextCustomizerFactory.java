package com.lms.migrations.test;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds {@link MigrationDatabaseReset} and the {@link NewDatabaseRecorder} it relies on to every
 * Spring test context; registered in {@code META-INF/spring.factories}, so it never reaches an
 * application outside tests.
 */
class MigrationTestContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    return new Customizer();
  }

  /** The same for every test class, so it does not split the context cache. */
  static final class Customizer implements ContextCustomizer {

    /** The name of the {@link MigrationDatabaseReset} bean. */
    static final String RESET_BEAN = "migrationDatabaseReset";

    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
      ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
      if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
        return;
      }
      RootBeanDefinition recorder = new RootBeanDefinition(NewDatabaseRecorder.class);
      recorder.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
      registry.registerBeanDefinition(NewDatabaseRecorder.class.getName(), recorder);
      RootBeanDefinition reset =
          new RootBeanDefinition(
              MigrationDatabaseReset.class,
              () -> new MigrationDatabaseReset(beanFactory, context.getEnvironment(), false));
      registry.registerBeanDefinition(RESET_BEAN, reset);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return getClass().hashCode();
    }
  }
}
