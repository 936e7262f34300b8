package io.lumina.storage.alerts;

import io.lumina.storage.secrets.Secrets;
import org.springframework.jdbc.core.JdbcTemplate;

/** The package-private alert stores, for tests of other storage packages. */
public final class StoreAccess {
  private StoreAccess() {}

  public static ChannelStore channels(JdbcTemplate jdbc, Secrets secrets) {
    return new JdbcChannelStore(jdbc, secrets);
  }

  public static DeliveryStore deliveries(JdbcTemplate jdbc, Secrets secrets) {
    return new JdbcDeliveryStore(jdbc, secrets);
  }
}
