/** Cost, token and latency reports and the service list (docs/api.md). */
package io.lumina.api.analytics;
