package com.lms.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small learning-management service whose schema evolves through lms-migrations. */
@SpringBootApplication
public class SampleApplication {

  /**
   * Starts the service.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
