/**
 * Whole databases and sessions rather than Lumina's tables: creating one, how a connection starts.
 */
package io.lumina.storage.database;
