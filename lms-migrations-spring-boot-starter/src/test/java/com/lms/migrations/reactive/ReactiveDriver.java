package com.lms.migrations.reactive;

import org.springframework.util.ClassUtils;

/**
 * Whether the reactive MongoDB driver is on the class path: only in the build's {@code
 * reactive-tests} run (the other test run leaves it out). Reactive tests selected with {@code
 * -Dtest} in the other run are skipped there and run in that one.
 */
public final class ReactiveDriver {

  private ReactiveDriver() {}

  /**
   * For {@code @EnabledIf}.
   *
   * @return {@code true} when the reactive driver can be loaded
   */
  public static boolean onClassPath() {
    return ClassUtils.isPresent(
        "com.mongodb.reactivestreams.client.MongoClient", ReactiveDriver.class.getClassLoader());
  }
}
