package com.lms.migrations.test;

import com.lms.migrations.Migration;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

/** The migrations a {@link MigrationTest} names, each created with its no-argument constructor. */
final class MigrationClasses {

  private MigrationClasses() {}

  /**
   * Creates the migrations the annotation names.
   *
   * @param test the annotation
   * @return one instance per class named or found, in no particular order
   * @throws IllegalStateException when a package holds no migration or a class cannot be created
   */
  static List<Migration> instantiate(MigrationTest test) {
    Set<Class<?>> classes = new LinkedHashSet<>(List.of(test.migrations()));
    for (String basePackage : test.packages()) {
      classes.addAll(scan(basePackage));
    }
    List<Migration> migrations = new ArrayList<>();
    for (Class<?> type : classes) {
      migrations.add(create(type));
    }
    return migrations;
  }

  private static List<Class<?>> scan(String basePackage) {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(Migration.class));
    List<Class<?>> found = new ArrayList<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
      found.add(
          ClassUtils.resolveClassName(
              candidate.getBeanClassName(), MigrationClasses.class.getClassLoader()));
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "@MigrationTest(packages = \""
              + basePackage
              + "\"): no concrete class implementing Migration in that package or below. Check"
              + " the package name.");
    }
    return found;
  }

  private static Migration create(Class<?> type) {
    Constructor<?> constructor;
    try {
      constructor = type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "@MigrationTest cannot create migration "
              + type.getName()
              + ": it has no constructor without parameters. Give it one, or use @MigrationTest on"
              + " a Spring test (@SpringBootTest, @DataMongoTest) without naming migrations, to"
              + " test the context's migration beans.",
          e);
    }
    try {
      constructor.setAccessible(true);
      return (Migration) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "@MigrationTest cannot create migration "
              + type.getName()
              + ": its constructor threw "
              + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "@MigrationTest cannot create migration " + type.getName() + ": " + e, e);
    }
  }
}
