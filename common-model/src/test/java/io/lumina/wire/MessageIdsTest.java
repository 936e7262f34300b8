package io.lumina.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void murmur3MatchesTheReferenceVector() {
    long[] h =
        MessageIds.murmur3(
            "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8), 0, 0);

    assertThat(h).containsExactly(0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L);
  }

  @Test
  void theIdDependsOnProjectAndEveryByteOfThePayload() {
    byte[] payload = new byte[1000];
    String id = MessageIds.of("acme", payload);

    assertThat(id).hasSize(32).matches("[0-9a-f]{32}").isEqualTo(MessageIds.of("acme", payload));
    assertThat(MessageIds.of("other", payload)).isNotEqualTo(id);
    for (int i : new int[] {0, 15, 16, 999}) {
      byte[] changed = payload.clone();
      changed[i] = 1;
      assertThat(MessageIds.of("acme", changed)).as("byte %d", i).isNotEqualTo(id);
    }
    assertThat(MessageIds.of("acme", new byte[999])).isNotEqualTo(id);
  }
}
