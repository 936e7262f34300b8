/**
 * Reading aggregates: cost, volume and tokens from the hourly rollups (or raw spans when grouping
 * by user), latency percentiles from spans, and the models in use ({@link
 * io.lumina.storage.analytics.AnalyticsReader}).
 */
package io.lumina.storage.analytics;
