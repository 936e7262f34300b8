/**
 * Projects and API keys in PostgreSQL: {@link io.lumina.storage.keys.JdbcProjectKeyStore}, the
 * implementation of {@link io.lumina.security.ProjectKeyStore} every service and the command-line
 * tool use.
 */
package io.lumina.storage.keys;
