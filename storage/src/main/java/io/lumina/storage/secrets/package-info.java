/**
 * Secrets at rest: AES-GCM under {@code lumina.secrets.key} for every column that holds one, the
 * start-up check and encryption of clear rows, and the re-encryption a key rotation runs.
 */
package io.lumina.storage.secrets;
