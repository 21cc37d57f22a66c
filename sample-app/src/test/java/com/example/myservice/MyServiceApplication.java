package com.example.myservice;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service of the README's first-service size: Spring Boot, MongoDB, the starter and the sample's
 * migrations, without the sample's own embedded server. It lives outside {@code com.lms.sample}, so
 * the sample's component scan never picks it up.
 */
@SpringBootApplication(scanBasePackages = "com.lms.sample.migrations")
public class MyServiceApplication {

  private static final AtomicReference<ConfigurableApplicationContext> started =
      new AtomicReference<>();

  /**
   * Starts the service.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    started.set(SpringApplication.run(MyServiceApplication.class, args));
  }

  /**
   * The context the last {@link #main} started, so that a test can look at it and close it.
   *
   * @return the context, which the caller now owns
   */
  static ConfigurableApplicationContext takeStarted() {
    return started.getAndSet(null);
  }
}
