package io.lumina.storage.alerts;

import io.lumina.api.alerts.Channel;
import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.secrets.SealedColumns;
import io.lumina.storage.secrets.Secrets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link ChannelStore} on {@code notification_channels}. The URL and the secret are stored
 * encrypted ({@link Secrets}); the URL is decrypted only to be shown as the API shows it.
 */
final class JdbcChannelStore implements ChannelStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, name, type, url, secret IS NOT NULL AND secret <> '', services, enabled, created_at, updated_at";

  private final JdbcTemplate jdbc;
  private final Secrets secrets;

  JdbcChannelStore(JdbcTemplate jdbc, Secrets secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  @Override
  public List<Channel> list(String project) {
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM notification_channels WHERE project_id = ? ORDER BY created_at, id",
        this::row,
        project);
  }

  @Override
  public Optional<Channel> find(String project, String id) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM notification_channels WHERE project_id = ? AND id = ?",
            this::row,
            project,
            id)
        .stream()
        .findFirst();
  }

  @Override
  public Channel create(String project, ChannelDefinition c) {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String id = "wh_" + HexFormat.of().formatHex(bytes);
    String url = secrets.seal(c.url(), SealedColumns.CHANNEL_URL);
    String secret =
        c.secret() == null || c.secret().isEmpty()
            ? null
            : secrets.seal(c.secret(), SealedColumns.CHANNEL_SECRET);
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  """
          INSERT INTO notification_channels (id, project_id, name, type, url, secret, services, enabled)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
          ps.setString(1, id);
          ps.setString(2, project);
          ps.setString(3, c.name());
          ps.setString(4, c.type().wire());
          ps.setString(5, url);
          ps.setString(6, secret);
          Array services = con.createArrayOf("text", c.services().toArray());
          ps.setArray(7, services);
          ps.setBoolean(8, c.enabled());
          return ps;
        });
    return find(project, id).orElseThrow();
  }

  @Override
  public Optional<Channel> update(String project, String id, ChannelDefinition c) {
    String url = secrets.seal(c.url(), SealedColumns.CHANNEL_URL);
    String secret =
        c.secret() == null || c.secret().isEmpty()
            ? c.secret()
            : secrets.seal(c.secret(), SealedColumns.CHANNEL_SECRET);
    int n =
        jdbc.update(
            con -> {
              var ps =
                  con.prepareStatement(
                      """
          UPDATE notification_channels SET name = ?, type = ?, url = ?,
                 secret = CASE WHEN ?::boolean THEN secret ELSE nullif(?, '') END,
                 services = ?, enabled = ?, updated_at = now()
          WHERE project_id = ? AND id = ?""");
              ps.setString(1, c.name());
              ps.setString(2, c.type().wire());
              ps.setString(3, url);
              ps.setBoolean(4, secret == null);
              ps.setString(5, secret);
              ps.setArray(6, con.createArrayOf("text", c.services().toArray()));
              ps.setBoolean(7, c.enabled());
              ps.setString(8, project);
              ps.setString(9, id);
              return ps;
            });
    return n == 0 ? Optional.empty() : find(project, id);
  }

  @Override
  public boolean delete(String project, String id) {
    return jdbc.update(
            "DELETE FROM notification_channels WHERE project_id = ? AND id = ?", project, id)
        == 1;
  }

  private Channel row(ResultSet rs, int i) throws SQLException {
    ChannelType type = ChannelType.of(rs.getString(3));
    return new Channel(
        rs.getString(1),
        rs.getString(2),
        type,
        Channel.shownUrl(type, secrets.open(rs.getString(4), SealedColumns.CHANNEL_URL)),
        rs.getBoolean(5),
        Arrays.asList((String[]) rs.getArray(6).getArray()),
        rs.getBoolean(7),
        rs.getTimestamp(8).toInstant(),
        rs.getTimestamp(9).toInstant());
  }
}
