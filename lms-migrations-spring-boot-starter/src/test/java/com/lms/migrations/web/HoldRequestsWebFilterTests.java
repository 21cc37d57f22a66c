package com.lms.migrations.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Direction;
import com.lms.migrations.testing.TestMigration;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The reactive filter answers as the servlet one does. */
class HoldRequestsWebFilterTests {

  private final AtomicBoolean holding = new AtomicBoolean(true);
  private final MigrationsInProgress progress = new MigrationsInProgress(holding::get);
  private final HoldRequestsWebFilter filter =
      new HoldRequestsWebFilter(progress, List.of("/actuator/health/**"));
  private final AtomicBoolean passed = new AtomicBoolean();
  private final WebFilterChain chain =
      exchange -> {
        passed.set(true);
        return Mono.empty();
      };

  @Test
  void holdsARequestWhileTheStartupMigrationsRun() {
    progress.migrationStarted(TestMigration.recording("rename_titles", 1), Direction.UP);
    MockServerWebExchange exchange = exchange("/courses/c1");

    filter.filter(exchange, chain).block();

    assertThat(passed).isFalse();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(exchange.getResponse().getBodyAsString().block())
        .isEqualTo(
            "{\"status\":503,\"message\":\"Migrations are running (now: rename_titles); try"
                + " again shortly\"}");
  }

  @Test
  void letsHealthThrough() {
    filter.filter(exchange("/actuator/health/readiness"), chain).block();

    assertThat(passed).isTrue();
  }

  @Test
  void holdsAPathThatResolvesToHealthButIsRoutedElsewhere() {
    // WebFlux routes the path as sent: these reach /files/**, not the health endpoint.
    for (String path :
        List.of(
            "/files/x/../../actuator/health/readiness",
            "/files/x/..;/..;/actuator/health/readiness",
            "/files/x/%2e%2e/%2e%2e/actuator/health/readiness",
            "/actuator//health/readiness",
            "/actuator/health%2Freadiness")) {
      filter.filter(exchange(path), chain).block();

      assertThat(passed).as(path).isFalse();
    }
  }

  @Test
  void letsEverythingThroughOnceTheStartupRunHasFinished() {
    holding.set(false);

    filter.filter(exchange("/courses/c1"), chain).block();

    assertThat(passed).isTrue();
  }

  private static MockServerWebExchange exchange(String path) {
    // As sent: not expanded or encoded as a URI template.
    return MockServerWebExchange.from(
        MockServerHttpRequest.method(HttpMethod.GET, URI.create(path)));
  }
}
