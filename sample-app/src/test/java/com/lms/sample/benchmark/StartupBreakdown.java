package com.lms.sample.benchmark;

import com.lms.sample.SampleApplication;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * One start of the sample app, in the JVM {@link StartupCostBenchmark} launches, that says what it
 * cost once ready: the main thread's CPU time, the classes loaded, and the time spent creating each
 * of the starter's beans (Spring's {@link BufferingApplicationStartup}; a bean's own time, without
 * the beans it creates in turn). These move far less between runs than the wall clock does.
 *
 * <p>Prints {@code CPU <micros>}, {@code CLASSES <count>} and one {@code BEAN <micros> <name>} line
 * per bean of the starter. Arguments: the application's.
 */
public final class StartupBreakdown {

  private StartupBreakdown() {}

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(SampleApplication.class);
    BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
    application.setApplicationStartup(startup);
    ConfigurableApplicationContext context = application.run(args);
    // run() returns once the application is ready; the main thread did all of the startup.
    long cpuMicros = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1000;
    int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    System.out.printf(Locale.ROOT, "CPU %d%nCLASSES %d%n", cpuMicros, classes);
    List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();
    Map<Long, Long> nestedNanos = new HashMap<>();
    for (TimelineEvent event : events) {
      Long parent = event.getStartupStep().getParentId();
      if (parent != null) {
        nestedNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
      }
    }
    for (TimelineEvent event : events) {
      StartupStep step = event.getStartupStep();
      String bean = starterBean(step);
      if (bean != null) {
        long ownNanos = event.getDuration().toNanos() - nestedNanos.getOrDefault(step.getId(), 0L);
        System.out.printf(Locale.ROOT, "BEAN %d %s%n", ownNanos / 1000, bean);
      }
    }
    context.close();
    System.exit(0);
  }

  /** The name of the starter's bean this step creates, or {@code null}. */
  private static String starterBean(StartupStep step) {
    if (!step.getName().equals("spring.beans.instantiate")) {
      return null;
    }
    String name = null;
    String type = "";
    for (StartupStep.Tag tag : step.getTags()) {
      if (tag.getKey().equals("beanName")) {
        name = tag.getValue();
      } else if (tag.getKey().equals("beanType")) {
        type = tag.getValue();
      }
    }
    if (name == null) {
      return null;
    }
    // The sample's own migrations live in com.lms.sample: they are the application's beans.
    boolean starter =
        type.startsWith("class com.lms.migrations.")
            || type.startsWith("com.lms.migrations.")
            || name.startsWith("com.lms.migrations.")
            || name.toLowerCase(Locale.ROOT).contains("migration");
    return starter ? name : null;
  }
}
