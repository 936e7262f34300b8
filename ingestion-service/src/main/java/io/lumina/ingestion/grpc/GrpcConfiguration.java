package io.lumina.ingestion.grpc;

import io.lumina.ingestion.ingest.IngestMetrics;
import io.lumina.ingestion.ingest.IngestionProperties;
import io.lumina.ingestion.ingest.SpanIngestor;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.security.Gatekeeper;
import java.net.InetSocketAddress;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OTLP/gRPC on {@code lumina.ingestion.grpc-port} (4317), on the HTTP ports' bind address; -1 turns
 * it off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${lumina.ingestion.grpc-port:4317} >= 0")
class GrpcConfiguration {

  @Bean
  OtlpGrpcServer otlpGrpcServer(
      IngestionProperties properties,
      SpanIngestor ingestor,
      IngestMetrics metrics,
      InFlightBudget budget,
      Gatekeeper gatekeeper,
      @Value("${server.address:}") String address) {
    long maxBytes = properties.maxBodySize().toBytes();
    return new OtlpGrpcServer(
        address == null || address.isBlank()
            ? new InetSocketAddress(properties.grpcPort())
            : new InetSocketAddress(address, properties.grpcPort()),
        new OtlpGrpcService(
            ingestor, metrics, budget, maxBytes, properties.retryAfter().toSeconds()),
        new GrpcAuthentication(gatekeeper),
        (int) Math.min(Integer.MAX_VALUE, maxBytes),
        properties.maxConcurrentRequests());
  }
}
