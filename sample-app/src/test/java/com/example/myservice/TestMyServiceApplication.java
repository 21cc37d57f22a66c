package com.example.myservice;

import com.lms.sample.local.InMemoryMongo;
import org.springframework.boot.SpringApplication;

/**
 * The README's local run: the service on an in-memory MongoDB, started with {@code ./mvnw
 * spring-boot:test-run}.
 */
// tag::local-main[]
public class TestMyServiceApplication {
  public static void main(String[] args) {
    SpringApplication.from(MyServiceApplication::main)
        .with(InMemoryMongo.class)
        .run("--management.health.mongodb.enabled=false");
  }
}
// end::local-main[]
