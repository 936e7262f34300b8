/**
 * Alerts, alert rules and notification channels, and the one list of alert kinds and channel types
 * (docs/alerts.md).
 */
package io.lumina.api.alerts;
