package io.lumina.ingestion.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;

/**
 * Reads a request body into memory under a size limit that holds for the bytes on the wire and
 * again for the bytes after {@code Content-Encoding} is undone: reading stops one byte past the
 * limit, so a decompression bomb costs at most the limit in memory and ends in a 413.
 */
public final class RequestBodies {
  private static final int CHUNK = 64 * 1024;

  private RequestBodies() {}

  /** The body after decoding; its length is at most {@code maxBytes}. */
  public static byte[] read(HttpServletRequest request, long maxBytes)
      throws BodyRejectedException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw BodyRejectedException.tooLarge(
          "request body of "
              + declared
              + " bytes is over the limit of "
              + maxBytes
              + " bytes; send smaller batches");
    }
    String encoding = request.getHeader("Content-Encoding");
    byte[] raw = readBounded(request.getInputStream(), maxBytes, "request body");
    return decode(raw, encoding, maxBytes);
  }

  /**
   * Undoes {@code Content-Encoding} (identity, gzip, deflate in its zlib or raw form) under the
   * limit.
   */
  public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes)
      throws BodyRejectedException {
    String coding =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    try {
      return switch (coding) {
        case "", "identity" -> raw;
        case "gzip", "x-gzip" ->
            readBounded(
                new GZIPInputStream(new ByteArrayInputStream(raw), 8192),
                maxBytes,
                "decompressed body");
        case "deflate" ->
            readBounded(
                new InflaterInputStream(
                    new ByteArrayInputStream(raw), new Inflater(!isZlib(raw)), 8192),
                maxBytes,
                "decompressed body");
        default ->
            throw new BodyRejectedException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_encoding",
                "Content-Encoding '"
                    + contentEncoding
                    + "' is not supported; use gzip, deflate or identity");
      };
    } catch (ZipException | EOFException e) {
      throw BodyRejectedException.malformed(
          "body is not valid " + coding + " data: " + e.getMessage());
    } catch (IOException e) {
      // Only in-memory streams are read here, so any other I/O error is also corrupt compressed
      // data.
      throw BodyRejectedException.malformed("cannot decode " + coding + " body: " + e.getMessage());
    }
  }

  /**
   * RFC 9110 says "deflate" is the zlib format, but some clients send raw deflate; a zlib stream
   * starts with a CMF/FLG pair whose 16-bit value is a multiple of 31 and compression method 8.
   */
  private static boolean isZlib(byte[] raw) {
    if (raw.length < 2) {
      return true;
    }
    int cmf = raw[0] & 0xFF;
    int flg = raw[1] & 0xFF;
    return (cmf & 0x0F) == 8 && ((cmf << 8) | flg) % 31 == 0;
  }

  private static byte[] readBounded(InputStream in, long maxBytes, String what)
      throws IOException, BodyRejectedException {
    byte[] buffer = new byte[(int) Math.min(CHUNK, maxBytes + 1)];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (length > maxBytes) {
          throw BodyRejectedException.tooLarge(
              what + " is over the limit of " + maxBytes + " bytes; send smaller batches");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1, (long) buffer.length * 2));
      }
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        break;
      }
      length += n;
      if (length > maxBytes) {
        throw BodyRejectedException.tooLarge(
            what + " is over the limit of " + maxBytes + " bytes; send smaller batches");
      }
    }
    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
  }
}
