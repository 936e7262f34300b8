/**
 * The alert tables: rules ({@link io.lumina.storage.alerts.AlertRuleStore}), alerts ({@link
 * io.lumina.storage.alerts.AlertStore}), notification channels ({@link
 * io.lumina.storage.alerts.ChannelStore}), the delivery outbox ({@link
 * io.lumina.storage.alerts.DeliveryStore}), and what each rule kind measures over spans ({@link
 * io.lumina.storage.alerts.WindowStats}). The query API edits and lists; the worker's evaluator and
 * dispatcher fire, resolve and deliver. See docs/alerts.md.
 */
package io.lumina.storage.alerts;
