package io.lumina.outbound;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One HTTP/1.1 request and its answer over a connected socket, every read under the deadline. */
final class HttpExchange {

  private static final int MAX_HEAD_BYTES = 32 * 1024;
  private static final Set<String> OWN_HEADERS =
      Set.of("host", "content-length", "connection", "transfer-encoding", "accept-encoding");

  private HttpExchange() {}

  static byte[] requestHead(URI uri, Map<String, String> headers, int contentLength) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(hostHeader(uri)).append("\r\n");
    head.append("Content-Length: ").append(contentLength).append("\r\n");
    head.append("Connection: close\r\n");
    head.append("Accept-Encoding: identity\r\n");
    headers.forEach(
        (name, value) -> {
          if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("not a valid header name: " + name);
          }
          if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("header " + name + " has a line break");
          }
          if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            head.append(name).append(": ").append(value).append("\r\n");
          }
        });
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String hostHeader(URI uri) {
    String authority = uri.getRawAuthority();
    int at = authority == null ? -1 : authority.lastIndexOf('@');
    return at >= 0 ? authority.substring(at + 1) : authority;
  }

  static OutboundResponse exchange(
      Socket socket, byte[] head, byte[] body, long end, int maxBytes, Duration deadline)
      throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(head);
    out.write(body);
    out.flush();
    InputStream in = new BufferedInputStream(new DeadlineInput(socket, end, deadline), 8192);
    while (true) {
      String statusLine = line(in);
      int status = status(statusLine);
      Map<String, List<String>> headers = headers(in);
      if (status >= 100 && status < 200) {
        continue; // 100 Continue and other interim answers precede the real one
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
      boolean truncated;
      if (status == 204 || status == 304) {
        truncated = false;
      } else if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
        truncated = chunked(in, received, maxBytes);
      } else if (!first(headers, "content-length").isEmpty()) {
        long length;
        try {
          length = Long.parseLong(first(headers, "content-length").strip());
        } catch (NumberFormatException e) {
          throw new ProtocolException("invalid Content-Length");
        }
        truncated = copy(in, received, length, maxBytes);
      } else {
        truncated = copy(in, received, Long.MAX_VALUE, maxBytes);
      }
      return new OutboundResponse(status, headers, received.toByteArray(), truncated);
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.getFirst();
  }

  private static int status(String line) throws ProtocolException {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
      throw new ProtocolException("not an HTTP/1.x answer");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new ProtocolException("not an HTTP/1.x status");
    }
  }

  private static Map<String, List<String>> headers(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int total = 0;
    while (true) {
      String line = line(in);
      if (line.isEmpty()) {
        return headers;
      }
      total += line.length();
      if (total > MAX_HEAD_BYTES) {
        throw new ProtocolException("answer headers larger than " + MAX_HEAD_BYTES + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
  }

  /** One line without its CRLF, at most {@link #MAX_HEAD_BYTES} long. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new ProtocolException("connection closed in the answer's head");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_HEAD_BYTES) {
        throw new ProtocolException("answer head line longer than " + MAX_HEAD_BYTES + " bytes");
      }
      line.write(b);
    }
  }

  /**
   * Copies up to {@code length} bytes; true when it stopped at {@code maxBytes} with more to come.
   */
  private static boolean copy(InputStream in, ByteArrayOutputStream to, long length, int maxBytes)
      throws IOException {
    byte[] buffer = new byte[8192];
    long left = length;
    while (left > 0) {
      int room = maxBytes - to.size();
      if (room <= 0) {
        return true;
      }
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, room)));
      if (n < 0) {
        if (length == Long.MAX_VALUE) {
          return false; // read to the end: the server closed
        }
        throw new ProtocolException("connection closed before the announced body length");
      }
      to.write(buffer, 0, n);
      left -= n;
    }
    return false;
  }

  private static boolean chunked(InputStream in, ByteArrayOutputStream to, int maxBytes)
      throws IOException {
    while (true) {
      String sizeLine = line(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("invalid chunk size");
      }
      if (size < 0) {
        throw new ProtocolException("invalid chunk size");
      }
      if (size == 0) {
        return false; // trailers are not read: the connection closes anyway
      }
      if (copy(in, to, size, maxBytes)) {
        return true;
      }
      if (to.size() >= maxBytes) {
        return true; // the bound is reached; whatever follows is not read
      }
      if (!line(in).isEmpty()) {
        throw new ProtocolException("chunk not followed by CRLF");
      }
    }
  }

  /** A socket's input where every read waits at most until the deadline. */
  private static final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long end;
    private final Duration deadline;

    DeadlineInput(Socket socket, long end, Duration deadline) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.end = end;
      this.deadline = deadline;
    }

    private void arm() throws IOException {
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        throw OutboundHttpClient.timeout(deadline);
      }
      socket.setSoTimeout(OutboundHttpClient.millis(remaining));
    }

    @Override
    public int read() throws IOException {
      arm();
      try {
        return in.read();
      } catch (java.net.SocketTimeoutException e) {
        throw OutboundHttpClient.timeout(deadline);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      try {
        return in.read(b, off, len);
      } catch (java.net.SocketTimeoutException e) {
        throw OutboundHttpClient.timeout(deadline);
      }
    }
  }
}
