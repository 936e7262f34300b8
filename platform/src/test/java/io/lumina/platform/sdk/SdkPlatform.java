package io.lumina.platform.sdk;

import io.lumina.platform.LuminaPlatform;
import io.lumina.platform.LuminaPlatform.Service;
import io.lumina.testing.TestInfra;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Ingestion, worker and query API on random ports, on this test JVM's database and stream. */
final class SdkPlatform implements AutoCloseable {
  private final LuminaPlatform platform;
  private final LuminaApi api;

  private SdkPlatform(LuminaPlatform platform) {
    this.platform = platform;
    this.api = new LuminaApi(platform.port(Service.QUERY_API));
  }

  static SdkPlatform start() {
    Map<String, Object> props = new HashMap<>(TestInfra.properties());
    props.put("server.port", 0);
    props.put("lumina.ingestion.otlp-port", -1); // 4318 may be taken on a shared machine
    props.put("lumina.ingestion.grpc-port", -1); // and 4317
    return new SdkPlatform(
        LuminaPlatform.start(List.of(Service.INGESTION, Service.WORKER, Service.QUERY_API), props));
  }

  /** Where the SDK sends: ingestion's base URL. */
  String ingestion() {
    return "http://127.0.0.1:" + platform.port(Service.INGESTION);
  }

  LuminaApi api() {
    return api;
  }

  @Override
  public void close() {
    platform.close();
  }
}
