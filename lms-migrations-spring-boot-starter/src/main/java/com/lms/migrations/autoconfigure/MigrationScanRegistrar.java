package com.lms.migrations.autoconfigure;

import com.lms.migrations.Migration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.GenericBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Turns every concrete class implementing {@link Migration} under {@code
 * lms.migrations.scan-packages} into a bean with constructor injection, unless a bean of that class
 * is already defined (for example by component scanning). An entry that matches no such class is
 * reported at WARN with the closest package that has some.
 */
class MigrationScanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

  private static final Logger log = LoggerFactory.getLogger(MigrationScanRegistrar.class);

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    List<String> packages =
        Binder.get(environment)
            .bind("lms.migrations.scan-packages", String[].class)
            .map(Arrays::asList)
            .orElse(List.of());
    if (packages.isEmpty()) {
      return;
    }
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, environment);
    scanner.addIncludeFilter(new AssignableTypeFilter(Migration.class));
    for (String basePackage : packages) {
      Set<BeanDefinition> candidates = scanner.findCandidateComponents(basePackage);
      if (candidates.isEmpty()) {
        log.warn(
            new UnmatchedScanPackage(
                    registry, scanner, scanner.getResourceLoader().getClassLoader())
                .warning(basePackage));
      }
      for (BeanDefinition candidate : candidates) {
        String className = candidate.getBeanClassName();
        if (!isDefined(registry, className)) {
          GenericBeanDefinition definition = new GenericBeanDefinition();
          definition.setBeanClassName(className);
          definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
          registry.registerBeanDefinition(className, definition);
        }
      }
    }
  }

  private static boolean isDefined(BeanDefinitionRegistry registry, String className) {
    return registry.containsBeanDefinition(className)
        || Arrays.stream(registry.getBeanDefinitionNames())
            .map(registry::getBeanDefinition)
            .anyMatch(definition -> className.equals(definition.getBeanClassName()));
  }
}
