package io.lumina.ingestion.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;

/**
 * A second Tomcat connector serving the same endpoints, so OTLP exporters reach the receiver on
 * their default port 4318 as well as on 9411. Requests run on virtual threads like the main
 * connector's.
 */
public final class AdditionalPort {
  private final Connector connector;

  public AdditionalPort(int port, String address) {
    connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    if (address != null && !address.isBlank()) {
      connector.setProperty("address", address);
    }
    if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
      protocol.setExecutor(new VirtualThreadExecutor("otlp-http-"));
    }
  }

  public Connector connector() {
    return connector;
  }

  /** The bound port once the server started (the chosen one when configured as 0), else -1. */
  public int localPort() {
    return connector.getLocalPort();
  }
}
