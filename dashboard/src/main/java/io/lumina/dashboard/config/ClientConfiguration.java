package io.lumina.dashboard.config;

import io.lumina.dashboard.clients.DashboardProperties;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.clients.ReplayClient;
import java.net.URI;
import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * One RestClient per backend, with short timeouts so a down backend fails fast into an error panel.
 */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

  @Bean
  QueryApiClient queryApiClient(RestClient.Builder builder, DashboardProperties props) {
    return new QueryApiClient(client(builder, props, props.queryApiUrl()), props.queryApiUrl());
  }

  @Bean
  ReplayClient replayClient(RestClient.Builder builder, DashboardProperties props) {
    return new ReplayClient(
        client(builder, props, props.replayEngineUrl()), props.replayEngineUrl());
  }

  private static RestClient client(
      RestClient.Builder builder, DashboardProperties props, URI base) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(props.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
    factory.setReadTimeout(props.readTimeout());
    return builder.clone().baseUrl(base.toString()).requestFactory(factory).build();
  }
}
