/**
 * The outbound HTTP policy: every request Lumina sends to a URL that a user or operator gave goes
 * through {@link io.lumina.outbound.OutboundHttpClient} under one {@link
 * io.lumina.outbound.OutboundPolicy} (docs/security.md, "Outbound requests").
 */
package io.lumina.outbound;
