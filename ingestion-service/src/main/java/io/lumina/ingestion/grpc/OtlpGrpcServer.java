package io.lumina.ingestion.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * The OTLP/gRPC server (grpc-java on Netty), started and stopped with the application context.
 * Calls run on virtual threads, as the HTTP ports' requests do: a call waits for the queue's
 * acknowledgement without holding a platform thread.
 */
public final class OtlpGrpcServer implements SmartLifecycle {
  private final InetSocketAddress address;
  private final OtlpGrpcService service;
  private final GrpcAuthentication authentication;
  private final int maxMessageBytes;
  private final int maxConcurrentCalls;
  private volatile Server server;
  private volatile ExecutorService executor;

  OtlpGrpcServer(
      InetSocketAddress address,
      OtlpGrpcService service,
      GrpcAuthentication authentication,
      int maxMessageBytes,
      int maxConcurrentCalls) {
    this.address = address;
    this.service = service;
    this.authentication = authentication;
    this.maxMessageBytes = maxMessageBytes;
    this.maxConcurrentCalls = maxConcurrentCalls;
  }

  @Override
  public void start() {
    executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("otlp-grpc-", 0).factory());
    try {
      server =
          NettyServerBuilder.forAddress(address)
              .executor(executor)
              // grpc-java refuses larger messages itself (RESOURCE_EXHAUSTED, not retried), also
              // after decompression
              .maxInboundMessageSize(maxMessageBytes)
              .maxConcurrentCallsPerConnection(maxConcurrentCalls)
              .addService(ServerInterceptors.intercept(service.definition(), authentication))
              .build()
              .start();
    } catch (IOException e) {
      executor.shutdown();
      throw new UncheckedIOException("cannot serve OTLP/gRPC on " + address, e);
    }
  }

  @Override
  public void stop() {
    Server running = server;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdown();
    server = null;
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The bound port once started (the chosen one when configured as 0), else -1. */
  public int localPort() {
    Server running = server;
    return running == null ? -1 : running.getPort();
  }
}
