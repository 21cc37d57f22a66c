package com.lms.migrations.actuate.endpoint;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the endpoint tests, answering status and parsed body. */
final class Http {

  private static final JsonMapper json = JsonMapper.builder().build();

  private final RestClient client;

  Http(int port, String user, String password) {
    RestClient.Builder builder = RestClient.builder().baseUrl("http://localhost:" + port);
    if (user != null) {
      builder.defaultHeaders(headers -> headers.setBasicAuth(user, password));
    }
    this.client = builder.build();
  }

  Response get(String path) {
    return client.get().uri(path).exchange((request, response) -> read(response));
  }

  Response post(String path, String body) {
    return client
        .post()
        .uri(path)
        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
        .body(body)
        .exchange((request, response) -> read(response));
  }

  private static Response read(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response)
      throws java.io.IOException {
    String text =
        new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    JsonNode body = text.isBlank() ? null : parse(text);
    return new Response(response.getStatusCode().value(), body, text);
  }

  private static JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  record Response(int status, JsonNode body, String text) {}
}
