package io.lumina.dashboard.security;

import java.util.ArrayList;
import java.util.List;

/**
 * A configured dashboard user: a name, a password (hashed or in clear) and the API key used for
 * them.
 */
record DashboardUser(String name, String password, String apiKey) {

  @Override
  public String toString() {
    return "DashboardUser[" + name + "]";
  }

  /**
   * Parses {@code name:password:apiKey} entries. The name ends at the first colon and the key
   * starts after the last one (neither contains colons), so a password may contain colons.
   */
  static List<DashboardUser> parse(List<String> entries) {
    List<DashboardUser> users = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int first = entry.indexOf(':');
      int last = entry.lastIndexOf(':');
      if (first <= 0 || last == first || last == entry.length() - 1 || last - first < 2) {
        // the message names the user only: the rest is secret
        throw new IllegalStateException(
            "lumina.dashboard.security.users: entry for user '"
                + (first > 0 ? entry.substring(0, first) : "?")
                + "' must be name:password:apiKey");
      }
      users.add(
          new DashboardUser(
              entry.substring(0, first),
              entry.substring(first + 1, last),
              entry.substring(last + 1)));
    }
    return List.copyOf(users);
  }
}
