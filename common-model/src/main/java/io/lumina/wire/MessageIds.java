package io.lumina.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Content-derived message ids. A client that retries the same request produces the same bytes and
 * so the same id, and JetStream's duplicate window drops the second copy ({@code Nats-Msg-Id}).
 *
 * <p>The id is MurmurHash3 (x64, 128 bits) of the project and the payload: it only has to tell
 * apart the messages of one project within the duplicate window, which 128 bits do with room to
 * spare, and it runs several times faster than a cryptographic digest over payloads of hundreds of
 * kilobytes (docs/performance.md, "Ingestion profile"). The project is part of the input, so one
 * tenant cannot make another tenant's message look like a duplicate.
 */
public final class MessageIds {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MessageIds() {}

  public static String of(String projectId, byte[] payload) {
    byte[] project = projectId.getBytes(StandardCharsets.UTF_8);
    // The project's hash seeds the payload's, so the payload is hashed where it lies.
    long[] seed = murmur3(project, 0, 0);
    long[] h = murmur3(payload, seed[0], seed[1]);
    char[] out = new char[32];
    hex(h[0], out, 0);
    hex(h[1], out, 16);
    return new String(out);
  }

  private static void hex(long v, char[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }

  /** MurmurHash3_x64_128 with a 128-bit seed (h1, h2); the reference takes one 32-bit seed. */
  static long[] murmur3(byte[] data, long h1, long h2) {
    int length = data.length;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      long k1 = (long) LONGS.get(data, i << 4);
      long k2 = (long) LONGS.get(data, (i << 4) + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks << 4;
    long k1 = 0;
    long k2 = 0;
    switch (length & 15) {
      case 15:
        k2 ^= (long) (data[tail + 14] & 0xff) << 48;
      // fall through
      case 14:
        k2 ^= (long) (data[tail + 13] & 0xff) << 40;
      // fall through
      case 13:
        k2 ^= (long) (data[tail + 12] & 0xff) << 32;
      // fall through
      case 12:
        k2 ^= (long) (data[tail + 11] & 0xff) << 24;
      // fall through
      case 11:
        k2 ^= (long) (data[tail + 10] & 0xff) << 16;
      // fall through
      case 10:
        k2 ^= (long) (data[tail + 9] & 0xff) << 8;
      // fall through
      case 9:
        k2 ^= data[tail + 8] & 0xff;
        h2 ^= mixK2(k2);
      // fall through
      case 8:
        k1 ^= (long) (data[tail + 7] & 0xff) << 56;
      // fall through
      case 7:
        k1 ^= (long) (data[tail + 6] & 0xff) << 48;
      // fall through
      case 6:
        k1 ^= (long) (data[tail + 5] & 0xff) << 40;
      // fall through
      case 5:
        k1 ^= (long) (data[tail + 4] & 0xff) << 32;
      // fall through
      case 4:
        k1 ^= (long) (data[tail + 3] & 0xff) << 24;
      // fall through
      case 3:
        k1 ^= (long) (data[tail + 2] & 0xff) << 16;
      // fall through
      case 2:
        k1 ^= (long) (data[tail + 1] & 0xff) << 8;
      // fall through
      case 1:
        k1 ^= data[tail] & 0xff;
        h1 ^= mixK1(k1);
      // fall through
      default:
        break;
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    return new long[] {h1, h2};
  }

  private static long mixK1(long k1) {
    k1 *= C1;
    k1 = Long.rotateLeft(k1, 31);
    return k1 * C2;
  }

  private static long mixK2(long k2) {
    k2 *= C2;
    k2 = Long.rotateLeft(k2, 33);
    return k2 * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
