package com.lms.migrations.diagnostics;

import com.lms.migrations.DurationText;
import com.mongodb.ConnectionString;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a startup stopped because MongoDB could not be reached: the hosts and the property they
 * come from, how long the driver waited, and what a connection to each host says now (the analyzer
 * tries one, briefly; the exception carries none of this).
 */
class MongoUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<MongoTimeoutException> {

  private static final String URI = "spring.mongodb.uri";

  /** The driver's server selection timeout when the URI sets none. */
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The longest a connection attempt to one host may take. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /** Hosts tried at most: a long list only makes the report slower. */
  private static final int MAX_PROBES = 5;

  private final Environment environment;

  MongoUnreachableFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  protected @Nullable FailureAnalysis analyze(Throwable rootFailure, MongoTimeoutException cause) {
    Target target = target();
    if (target == null) {
      return null;
    }
    String hosts =
        target.hosts().stream().map(ServerAddress::toString).collect(Collectors.joining(", "));
    String description =
        "MongoDB could not be reached at "
            + hosts
            + " ("
            + target.property()
            + ") within "
            + DurationText.of(target.timeout())
            + ", the server selection timeout."
            + (target.srv() ? "" : " " + probe(target.hosts(), target.timeout()));
    String action =
        "Start MongoDB there, or point "
            + target.property()
            + " at a server this application can reach. To wait longer or fail sooner, set"
            + " serverSelectionTimeoutMS in "
            + URI
            + " ("
            + DurationText.of(DEFAULT_TIMEOUT)
            + " by default).";
    return new FailureAnalysis(description, action, cause);
  }

  /** Where the application's client connects, from its properties; null for a bad URI. */
  private @Nullable Target target() {
    String uri = environment.getProperty(URI);
    if (uri == null || uri.isBlank()) {
      String host = environment.getProperty("spring.mongodb.host", "localhost");
      int port = environment.getProperty("spring.mongodb.port", Integer.class, 27017);
      return new Target(
          List.of(new ServerAddress(host, port)),
          "spring.mongodb.host and spring.mongodb.port",
          false,
          DEFAULT_TIMEOUT);
    }
    ConnectionString connection;
    try {
      connection = new ConnectionString(uri);
    } catch (IllegalArgumentException badUri) {
      return null;
    }
    Integer timeoutMs = connection.getServerSelectionTimeout();
    return new Target(
        connection.getHosts().stream().map(ServerAddress::new).toList(),
        URI,
        connection.isSrvProtocol(),
        timeoutMs == null ? DEFAULT_TIMEOUT : Duration.ofMillis(timeoutMs));
  }

  /** What one connection attempt to each host says now. */
  private static String probe(List<ServerAddress> hosts, Duration timeout) {
    int wait = (int) Math.max(1, Math.min(timeout.toMillis(), PROBE_TIMEOUT.toMillis()));
    return hosts.stream()
        .limit(MAX_PROBES)
        .map(host -> host + " " + answer(host, wait) + ".")
        .collect(Collectors.joining(" "));
  }

  private static String answer(ServerAddress host, int waitMs) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host.getHost(), host.getPort()), waitMs);
      return "accepts connections now: MongoDB may have been starting, or it does not answer as"
          + " the URI expects (replica set name, TLS, credentials)";
    } catch (ConnectException refused) {
      return "refused the connection: nothing listens on that port";
    } catch (UnknownHostException unknown) {
      return "is not a known host name";
    } catch (SocketTimeoutException silent) {
      return "did not answer within " + DurationText.of(Duration.ofMillis(waitMs));
    } catch (IOException | IllegalArgumentException other) {
      return "could not be connected to: " + other.getMessage();
    }
  }

  /** The hosts the client connects to, the property naming them, and the driver's wait. */
  private record Target(
      List<ServerAddress> hosts, String property, boolean srv, Duration timeout) {}
}
