/**
 * Projects, API keys and access decisions (SPEC section 9), in plain Java so that every service
 * makes the same decision the same way: {@link io.lumina.security.ApiKeys} makes and hashes keys,
 * {@link io.lumina.security.ApiKeyStore} keeps projects and key digests in PostgreSQL, {@link
 * io.lumina.security.CachedKeyResolver} answers "whose key is this?" from memory for a few seconds,
 * {@link io.lumina.security.Gatekeeper} turns the headers of a request and what the endpoint
 * requires into a decision, and {@link io.lumina.security.SecurityBootstrap} applies the
 * secure-by-default rules at start. Each service only adapts the decision to its servlet filter and
 * its error format.
 */
package io.lumina.security;
