package com.lms.migrations.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link HoldRequestsFilter}: a path is open as WebFlux routes it (the
 * path as sent, within the application), and only when nothing in it can be read two ways.
 */
public class HoldRequestsWebFilter implements WebFilter, Ordered {

  private final MigrationsInProgress progress;
  private final HeldRequests held;

  /**
   * Creates the filter.
   *
   * @param progress whether requests are held and which migration runs
   * @param openPaths path patterns answered as usual meanwhile
   */
  public HoldRequestsWebFilter(MigrationsInProgress progress, List<String> openPaths) {
    this.progress = progress;
    this.held = new HeldRequests(openPaths);
  }

  /** Before every other filter: nothing is decided on the old schema. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!progress.isHolding() || held.isOpen(exchange.getRequest().getPath())) {
      return chain.filter(exchange);
    }
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
    response.getHeaders().set(HttpHeaders.RETRY_AFTER, HeldRequests.RETRY_AFTER_SECONDS);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    DataBuffer body =
        response.bufferFactory().wrap(HeldRequests.body(progress).getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(body));
  }
}
