package io.lumina.ingestion.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestBodiesTest {
  private static final byte[] TEXT = "hello OTLP ".repeat(100).getBytes(StandardCharsets.UTF_8);

  @Test
  void decodesIdentityGzipAndBothFormsOfDeflate() throws Exception {
    assertThat(RequestBodies.decode(TEXT, null, 1 << 20)).isEqualTo(TEXT);
    assertThat(RequestBodies.decode(TEXT, "identity", 1 << 20)).isEqualTo(TEXT);
    assertThat(RequestBodies.decode(gzip(TEXT), "gzip", 1 << 20)).isEqualTo(TEXT);
    assertThat(RequestBodies.decode(gzip(TEXT), " GZIP ", 1 << 20)).isEqualTo(TEXT);
    assertThat(RequestBodies.decode(deflate(TEXT, false), "deflate", 1 << 20)).isEqualTo(TEXT);
    assertThat(RequestBodies.decode(deflate(TEXT, true), "deflate", 1 << 20)).isEqualTo(TEXT);
  }

  @Test
  void aGzipBombStopsAtTheLimitWith413() throws Exception {
    byte[] bomb = gzip(new byte[64 << 20]); // 64 MiB of zeros in about 64 KiB
    assertThat(bomb.length).isLessThan(1 << 20);

    assertThatThrownBy(() -> RequestBodies.decode(bomb, "gzip", 16 << 20))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
              assertThat(e.getMessage())
                  .contains("decompressed body is over the limit of 16777216 bytes");
            });
  }

  @Test
  void corruptCompressedDataIs400AndUnknownCodingsAre415() throws Exception {
    byte[] truncated = Arrays.copyOf(gzip(TEXT), 20);
    assertThatThrownBy(() -> RequestBodies.decode(truncated, "gzip", 1 << 20))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
    assertThatThrownBy(() -> RequestBodies.decode(TEXT, "gzip", 1 << 20))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> assertThat(e.getMessage()).contains("not valid gzip data"));
    assertThatThrownBy(() -> RequestBodies.decode(TEXT, "br", 1 << 20))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
              assertThat(e.getMessage()).contains("Content-Encoding 'br' is not supported");
            });
  }

  @Test
  void rawBodiesOverTheLimitAre413WhetherOrNotTheyDeclareTheirLength() {
    MockHttpServletRequest declared = new MockHttpServletRequest("POST", "/v1/traces");
    declared.setContent(new byte[2048]);
    assertThatThrownBy(() -> RequestBodies.read(declared, 1024, lease()))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
              assertThat(e.getMessage()).contains("2048 bytes is over the limit of 1024");
            });

    MockHttpServletRequest chunked =
        new MockHttpServletRequest("POST", "/v1/traces") {
          @Override
          public long getContentLengthLong() {
            return -1;
          }
        };
    chunked.setContent(new byte[1025]);
    assertThatThrownBy(() -> RequestBodies.read(chunked, 1024, lease()))
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
  }

  @Test
  void aBodyExactlyAtTheLimitPasses() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/traces");
    request.setContent(new byte[1024]);
    assertThat(RequestBodies.read(request, 1024, lease())).hasSize(1024);
  }

  private static InFlightBudget.Lease lease() throws BodyRejectedException {
    return new InFlightBudget(1 << 20).admit(0);
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d =
        new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(data);
    }
    return out.toByteArray();
  }
}
