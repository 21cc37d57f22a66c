package com.lms.migrations.autoconfigure;

import com.lms.migrations.Migration;
import com.lms.migrations.diagnostics.ClosestName;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.util.ClassUtils;

/**
 * Explains an {@code lms.migrations.scan-packages} entry that matches no {@link Migration} class,
 * naming the closest package that has some. Looks where a mistyped package most likely meant:
 * packages of migration beans already defined, the application's own packages (those of
 * {@code @SpringBootApplication}), and the nearest enclosing package of the entry that has any
 * (down to two segments, such as {@code com.example}).
 */
final class UnmatchedScanPackage {

  private final BeanDefinitionRegistry registry;
  private final ClassPathScanningCandidateComponentProvider scanner;
  private final @Nullable ClassLoader classLoader;

  UnmatchedScanPackage(
      BeanDefinitionRegistry registry,
      ClassPathScanningCandidateComponentProvider scanner,
      @Nullable ClassLoader classLoader) {
    this.registry = registry;
    this.scanner = scanner;
    this.classLoader = classLoader;
  }

  /**
   * The warning for an entry that matched nothing.
   *
   * @param entry the scan-packages entry
   * @return one line naming the entry and the closest package with migrations, if any
   */
  String warning(String entry) {
    Optional<String> closest = ClosestName.closest(entry, packagesWithMigrations(entry));
    String start = "lms.migrations.scan-packages entry '" + entry + "' matches no Migration class";
    return closest
        .map(
            name ->
                start
                    + "; did you mean '"
                    + name
                    + "' (the closest package with Migration classes)?")
        .orElse(
            start
                + ", and no package with Migration classes was found near it or in the"
                + " application's packages");
  }

  private Set<String> packagesWithMigrations(String entry) {
    Set<String> packages = new LinkedHashSet<>();
    for (String name : registry.getBeanDefinitionNames()) {
      String className = registry.getBeanDefinition(name).getBeanClassName();
      if (className != null && isMigration(className)) {
        packages.add(ClassUtils.getPackageName(className));
      }
    }
    if (registry instanceof BeanFactory beanFactory && AutoConfigurationPackages.has(beanFactory)) {
      for (String applicationPackage : AutoConfigurationPackages.get(beanFactory)) {
        packages.addAll(scan(applicationPackage));
      }
    }
    String enclosing = entry;
    while (enclosing.indexOf('.') != enclosing.lastIndexOf('.')) {
      enclosing = enclosing.substring(0, enclosing.lastIndexOf('.'));
      Set<String> found = scan(enclosing);
      if (!found.isEmpty()) {
        packages.addAll(found);
        break;
      }
    }
    return packages;
  }

  private Set<String> scan(String basePackage) {
    Set<String> packages = new LinkedHashSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
      String className = candidate.getBeanClassName();
      if (className != null) {
        packages.add(ClassUtils.getPackageName(className));
      }
    }
    return packages;
  }

  private boolean isMigration(String className) {
    try {
      return Migration.class.isAssignableFrom(ClassUtils.forName(className, classLoader));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
