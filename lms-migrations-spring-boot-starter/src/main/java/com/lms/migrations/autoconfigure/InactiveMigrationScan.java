package com.lms.migrations.autoconfigure;

import com.lms.migrations.Migration;
import com.lms.migrations.deploy.InactiveMigration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds the migration classes of the application's packages that this environment leaves out on
 * purpose: classes implementing {@link Migration}, annotated with {@code @Profile} or a condition,
 * that are not beans here. Conditions are read, not evaluated: the scan sees every class.
 */
final class InactiveMigrationScan {

  private InactiveMigrationScan() {}

  static List<InactiveMigration> find(
      Environment environment, Collection<String> packages, Collection<Migration> beans) {
    Set<String> active =
        beans.stream()
            .map(bean -> ClassUtils.getUserClass(bean.getClass()).getName())
            .collect(Collectors.toSet());
    Map<String, InactiveMigration> inactive = new LinkedHashMap<>();
    EveryMigrationClass scanner = new EveryMigrationClass(environment);
    for (String basePackage : packages) {
      for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
        String className = candidate.getBeanClassName();
        if (className == null
            || active.contains(className)
            || !(candidate instanceof AnnotatedBeanDefinition annotated)) {
          continue;
        }
        String reason = reason(annotated.getMetadata(), environment);
        if (reason != null) {
          inactive.put(className, new InactiveMigration(className, reason));
        }
      }
    }
    return new ArrayList<>(inactive.values());
  }

  /**
   * Why the class is not a bean here, or {@code null} when nothing says it is left out on purpose.
   */
  private static String reason(AnnotationMetadata metadata, Environment environment) {
    if (metadata.hasAnnotation(Profile.class.getName())) {
      String[] profiles =
          (String[]) metadata.getAnnotationAttributes(Profile.class.getName()).get("value");
      return (profiles.length == 1 ? "profile '" : "profiles '")
          + String.join("', '", profiles)
          + (profiles.length == 1 ? "' is" : "' are")
          + " not active (active: "
          + (environment.getActiveProfiles().length == 0
              ? "none"
              : String.join(", ", environment.getActiveProfiles()))
          + ")";
    }
    List<String> conditions =
        metadata.getAnnotationTypes().stream()
            .filter(
                type -> metadata.getMetaAnnotationTypes(type).contains(Conditional.class.getName()))
            .map(type -> "@" + ClassUtils.getShortName(type))
            .toList();
    if (!conditions.isEmpty() || metadata.hasAnnotation(Conditional.class.getName())) {
      return "its condition "
          + (conditions.isEmpty() ? "(@Conditional)" : String.join(", ", conditions))
          + " does not match here";
    }
    return null;
  }

  /** Every concrete class implementing {@link Migration}, whatever its conditions say. */
  private static final class EveryMigrationClass
      extends ClassPathScanningCandidateComponentProvider {

    private final AssignableTypeFilter migrations = new AssignableTypeFilter(Migration.class);

    EveryMigrationClass(Environment environment) {
      super(false, environment);
    }

    @Override
    protected boolean isCandidateComponent(MetadataReader reader) throws java.io.IOException {
      return migrations.match(reader, getMetadataReaderFactory());
    }
  }
}
