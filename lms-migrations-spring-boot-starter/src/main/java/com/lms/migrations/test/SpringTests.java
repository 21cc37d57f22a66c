package com.lms.migrations.test;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ClassUtils;

/** The Spring test context of a test class, when it has one; touches spring-test only then. */
final class SpringTests {

  private static final boolean PRESENT =
      ClassUtils.isPresent(
          "org.springframework.test.context.junit.jupiter.SpringExtension",
          SpringTests.class.getClassLoader());

  private SpringTests() {}

  /**
   * The test's application context, when the test class (or one enclosing it) runs with the {@code
   * SpringExtension}, as {@code @SpringBootTest} and {@code @DataMongoTest} do.
   *
   * @param context the test's extension context
   * @return the application context, loaded or taken from the cache; {@code null} for other tests
   */
  static @Nullable ApplicationContext applicationContext(ExtensionContext context) {
    if (!PRESENT) {
      return null;
    }
    return Spring.applicationContext(context);
  }

  private static final class Spring {

    static @Nullable ApplicationContext applicationContext(ExtensionContext context) {
      for (Class<?> type = context.getRequiredTestClass();
          type != null;
          type = type.getEnclosingClass()) {
        boolean spring =
            AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class).stream()
                .flatMap(extendWith -> Arrays.stream(extendWith.value()))
                .anyMatch(SpringExtension.class::isAssignableFrom);
        if (spring) {
          return SpringExtension.getApplicationContext(context);
        }
      }
      return null;
    }
  }
}
