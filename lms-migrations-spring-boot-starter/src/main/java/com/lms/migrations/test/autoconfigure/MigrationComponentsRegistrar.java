package com.lms.migrations.test.autoconfigure;

import com.lms.migrations.Migration;
import java.util.Arrays;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.stereotype.Component;

/**
 * Registers the {@code @Component} classes implementing {@link Migration} under the
 * auto-configuration packages, named as component scanning names them, unless a bean of that class
 * is already defined (imported by the test, or listed in {@code lms.migrations.scan-packages}).
 */
class MigrationComponentsRegistrar
    implements ImportBeanDefinitionRegistrar,
        BeanFactoryAware,
        EnvironmentAware,
        ResourceLoaderAware {

  private BeanFactory beanFactory;
  private Environment environment;
  private ResourceLoader resourceLoader;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    if (!AutoConfigurationPackages.has(beanFactory)) {
      return;
    }
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, environment);
    scanner.setResourceLoader(resourceLoader);
    TypeFilter component = new AnnotationTypeFilter(Component.class);
    TypeFilter migration = new AssignableTypeFilter(Migration.class);
    scanner.addIncludeFilter(
        (reader, factory) -> component.match(reader, factory) && migration.match(reader, factory));
    for (String basePackage : AutoConfigurationPackages.get(beanFactory)) {
      for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
        if (isDefined(registry, candidate.getBeanClassName())) {
          continue;
        }
        if (candidate instanceof AnnotatedBeanDefinition annotated) {
          AnnotationConfigUtils.processCommonDefinitionAnnotations(annotated);
        }
        String name = AnnotationBeanNameGenerator.INSTANCE.generateBeanName(candidate, registry);
        if (!registry.containsBeanDefinition(name)) {
          registry.registerBeanDefinition(name, candidate);
        }
      }
    }
  }

  private static boolean isDefined(BeanDefinitionRegistry registry, String className) {
    return Arrays.stream(registry.getBeanDefinitionNames())
        .map(registry::getBeanDefinition)
        .anyMatch(definition -> className.equals(definition.getBeanClassName()));
  }
}
