package io.lumina.ingestion;

import io.lumina.testing.PrivateNatsServer;

/**
 * One private nats-server for this test JVM: outage tests stop and start it without touching the
 * shared one.
 */
public final class TestNatsServer {
  private static PrivateNatsServer server;

  private TestNatsServer() {}

  public static synchronized PrivateNatsServer get() {
    if (server == null) {
      server = PrivateNatsServer.startNew();
      PrivateNatsServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-private-nats"));
    }
    return server;
  }
}
