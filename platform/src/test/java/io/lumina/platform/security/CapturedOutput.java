package io.lumina.platform.security;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything written to standard output and error while installed, still passed through. Every
 * service's log goes through Logback's console appender, which writes to whatever {@code
 * System.out} is at the time, so this sees the logs of a whole platform run (Spring Boot
 * re-initializes Logback per context, which would drop an appender added directly).
 */
final class CapturedOutput implements AutoCloseable {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private CapturedOutput() {
    System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
  }

  static CapturedOutput install() {
    return new CapturedOutput();
  }

  synchronized String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (CapturedOutput.this) {
          buffer.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        synchronized (CapturedOutput.this) {
          buffer.write(b, off, len);
        }
      }

      @Override
      public void flush() {
        original.flush();
      }
    };
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }
}
