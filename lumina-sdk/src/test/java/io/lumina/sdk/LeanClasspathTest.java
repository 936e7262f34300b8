package io.lumina.sdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The SDK shares the server's pricing code but not its wire format: protobuf, the OTLP proto
 * classes and OkHttp stay off its classpath (see docs/decisions/0006). Every test of this module
 * runs on that classpath, so pricing code that starts needing them fails here first.
 */
class LeanClasspathTest {

  @Test
  void protobufAndTheProtoClassesAreNotOnTheSdksClasspath() {
    assertThatThrownBy(() -> Class.forName("com.google.protobuf.ByteString"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("io.opentelemetry.proto.trace.v1.Span"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theExporterSendsWithTheJdkHttpClientNotOkHttp() {
    assertThatThrownBy(
            () ->
                Class.forName("io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSender"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
