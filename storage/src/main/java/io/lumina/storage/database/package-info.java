/** Statements about whole databases rather than Lumina's tables. */
package io.lumina.storage.database;
