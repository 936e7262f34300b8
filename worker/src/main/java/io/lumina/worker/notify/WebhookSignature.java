package io.lumina.worker.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook's signature: {@code X-Lumina-Signature: v1=<hex HMAC-SHA256(secret, timestamp
 * + "." + body)>} with the same {@code timestamp} (Unix seconds) in {@code X-Lumina-Timestamp}.
 * Signing the timestamp with the body lets a receiver refuse replays of an old delivery
 * (docs/alerts.md shows the check).
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Lumina-Signature";
  public static final String TIMESTAMP_HEADER = "X-Lumina-Timestamp";

  private WebhookSignature() {}

  /** {@code v1=<64 hex>}. */
  public static String sign(String secret, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is in every JVM", e);
    }
  }
}
