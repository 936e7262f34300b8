package io.lumina.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spring properties that point a service under test at this test JVM's private database and
 * NATS prefix. Use from {@code @DynamicPropertySource} or {@code
 * SpringApplicationBuilder.properties}.
 */
public final class TestInfra {
  /**
   * The key tests encrypt channel secrets under ({@code lumina.secrets.key}): 32 bytes in base64,
   * known to every test JVM and to nothing else.
   */
  public static final String SECRET_KEY = "bHVtaW5hIHRlc3Qga2V5OiBuZXZlciBpbiBwcm9kISE=";

  private TestInfra() {}

  public static Map<String, Object> properties() {
    TestDatabase db = TestDatabase.shared();
    TestNats nats = TestNats.shared();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", db.jdbcUrl());
    p.put("spring.datasource.username", db.user());
    p.put("spring.datasource.password", db.password());
    p.put("lumina.nats.url", nats.url());
    p.put("lumina.nats.prefix", nats.prefix());
    p.put("lumina.secrets.key", SECRET_KEY);
    return p;
  }
}
