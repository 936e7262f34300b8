package io.lumina.ingestion.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;

/**
 * Reads a request body into memory under a size limit that holds for the bytes on the wire and
 * again for the bytes after {@code Content-Encoding} is undone. Compressed bodies are decoded as
 * they stream in, so the compressed bytes are never held whole; every buffer is charged to the
 * request's {@link InFlightBudget.Lease} before it is allocated. Reading stops one byte past the
 * limit, so a decompression bomb costs at most the limit in memory and ends in a 413.
 */
public final class RequestBodies {
  private static final int CHUNK = 64 * 1024;

  private RequestBodies() {}

  /**
   * The body after decoding; its length is at most {@code maxBytes}. The declared {@code
   * Content-Length} must already be charged to {@code lease} (as {@link InFlightBudget#admit}
   * does).
   */
  public static byte[] read(HttpServletRequest request, long maxBytes, InFlightBudget.Lease lease)
      throws BodyRejectedException, IOException {
    long declared = request.getContentLengthLong();
    checkDeclared(declared, maxBytes);
    return decode(
        request.getInputStream(), declared, request.getHeader("Content-Encoding"), maxBytes, lease);
  }

  /**
   * Admits a request before a byte of its body is read: 413 for a declared length over the limit,
   * 503 when the budget has no room for it.
   */
  public static InFlightBudget.Lease admit(
      HttpServletRequest request, long maxBytes, InFlightBudget budget)
      throws BodyRejectedException {
    checkDeclared(request.getContentLengthLong(), maxBytes);
    return budget.admit(request.getContentLengthLong());
  }

  /** 413 for a declared length over the limit: answered before a byte of the body is read. */
  public static void checkDeclared(long declared, long maxBytes) throws BodyRejectedException {
    if (declared > maxBytes) {
      throw BodyRejectedException.tooLarge(
          "request body of "
              + declared
              + " bytes is over the limit of "
              + maxBytes
              + " bytes; send smaller batches");
    }
  }

  /** {@link #decode(InputStream, long, String, long, InFlightBudget.Lease)} of bytes in memory. */
  public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes)
      throws BodyRejectedException {
    try {
      return decode(
          new ByteArrayInputStream(raw),
          raw.length,
          contentEncoding,
          maxBytes,
          new InFlightBudget(Long.MAX_VALUE).admit(0));
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
  }

  /**
   * Undoes {@code Content-Encoding} (identity, gzip, deflate in its zlib or raw form) while
   * reading, under the limit.
   *
   * @param declared the wire length when known (charged already), else -1
   */
  public static byte[] decode(
      InputStream wire,
      long declared,
      String contentEncoding,
      long maxBytes,
      InFlightBudget.Lease lease)
      throws BodyRejectedException, IOException {
    String coding =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    InputStream bounded = new WireLimit(wire, maxBytes);
    try {
      return switch (coding) {
        case "", "identity" ->
            declared >= 0
                ? readDeclared(bounded, (int) declared)
                : readBounded(bounded, maxBytes, "request body", lease, 0);
        case "gzip", "x-gzip" ->
            readBounded(
                new GZIPInputStream(bounded, 8192), maxBytes, "decompressed body", lease, declared);
        case "deflate" -> {
          PushbackInputStream in = new PushbackInputStream(bounded, 2);
          yield readBounded(
              new InflaterInputStream(in, new Inflater(!isZlib(in)), 8192),
              maxBytes,
              "decompressed body",
              lease,
              declared);
        }
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
    } catch (WireLimit.Exceeded e) {
      throw BodyRejectedException.tooLarge(
          "request body is over the limit of " + maxBytes + " bytes; send smaller batches");
    }
  }

  /**
   * RFC 9110 says "deflate" is the zlib format, but some clients send raw deflate; a zlib stream
   * starts with a CMF/FLG pair whose 16-bit value is a multiple of 31 and compression method 8.
   */
  private static boolean isZlib(PushbackInputStream in) throws IOException {
    byte[] head = new byte[2];
    int n = in.readNBytes(head, 0, 2);
    in.unread(head, 0, n);
    if (n < 2) {
      return true;
    }
    int cmf = head[0] & 0xFF;
    int flg = head[1] & 0xFF;
    return (cmf & 0x0F) == 8 && ((cmf << 8) | flg) % 31 == 0;
  }

  /** Exactly the declared length, into one array of that size (charged when admitted). */
  private static byte[] readDeclared(InputStream in, int length) throws IOException {
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException(
          "the body ended after " + body.length + " of its " + length + " declared bytes");
    }
    return body;
  }

  /**
   * Reads to the end, charging each buffer growth before it happens.
   *
   * @param hint the compressed size when known: the first buffer is sized from it
   */
  private static byte[] readBounded(
      InputStream in, long maxBytes, String what, InFlightBudget.Lease lease, long hint)
      throws IOException, BodyRejectedException {
    int first = (int) Math.min(maxBytes + 1, Math.max(CHUNK, hint > 0 ? hint * 4 : CHUNK));
    lease.charge(first);
    byte[] buffer = new byte[first];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (length > maxBytes) {
          throw tooLarge(what, maxBytes);
        }
        int grown = (int) Math.min(maxBytes + 1, (long) buffer.length * 2);
        lease.charge(grown);
        byte[] next = Arrays.copyOf(buffer, grown);
        lease.release(buffer.length);
        buffer = next;
      }
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        break;
      }
      length += n;
      if (length > maxBytes) {
        throw tooLarge(what, maxBytes);
      }
    }
    if (length == buffer.length) {
      return buffer;
    }
    // The exact-size copy is what gets published: charged while both exist, the buffer given
    // back after.
    lease.charge(length);
    byte[] body = Arrays.copyOf(buffer, length);
    lease.release(buffer.length);
    return body;
  }

  private static BodyRejectedException tooLarge(String what, long maxBytes) {
    return BodyRejectedException.tooLarge(
        what + " is over the limit of " + maxBytes + " bytes; send smaller batches");
  }

  /** Fails once more than the limit has come over the wire, compressed or not. */
  private static final class WireLimit extends FilterInputStream {
    private final long maxBytes;
    private long read;

    WireLimit(InputStream in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, (int) Math.min(len, maxBytes + 1 - read));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws Exceeded {
      read += n;
      if (read > maxBytes) {
        throw new Exceeded();
      }
    }

    /** An IOException so it passes through the decompressors unchanged. */
    static final class Exceeded extends IOException {
      Exceeded() {
        super("over the wire limit", null);
      }
    }
  }
}
