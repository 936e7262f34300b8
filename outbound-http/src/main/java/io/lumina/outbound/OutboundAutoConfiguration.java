package io.lumina.outbound;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The outbound policy and client for every service that sends to user-given URLs. A test or an
 * embedding application may replace the {@link HostResolver} (for instance to map names without
 * DNS); everything else follows {@code lumina.outbound.*}.
 */
@AutoConfiguration
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  OutboundPolicy outboundPolicy(
      OutboundProperties properties, ObjectProvider<HostResolver> resolver) {
    return new OutboundPolicy(
        properties.allowList(), resolver.getIfAvailable(() -> HostResolver.SYSTEM));
  }

  @Bean
  @ConditionalOnMissingBean
  OutboundHttpClient outboundHttpClient(OutboundPolicy policy, OutboundProperties properties) {
    return new OutboundHttpClient(policy, (int) properties.maxResponseBody().toBytes());
  }
}
