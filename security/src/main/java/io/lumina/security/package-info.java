/**
 * Projects, API keys and access decisions (docs/security.md), in plain Java so that every service
 * makes the same decision the same way: {@link io.lumina.security.ApiKeys} makes and hashes keys,
 * {@link io.lumina.security.ProjectKeyStore} is where projects and key digests are kept (its
 * PostgreSQL implementation is in the storage module), {@link io.lumina.security.CachedKeyResolver}
 * answers "whose key is this?" from memory for a few seconds, {@link io.lumina.security.Gatekeeper}
 * turns the headers of a request and what the endpoint requires into a decision, and {@link
 * io.lumina.security.SecurityBootstrap} applies the secure-by-default rules at start. No JDBC here;
 * the servlet filter that asks the gatekeeper is in {@code service-autoconfigure}.
 */
package io.lumina.security;
