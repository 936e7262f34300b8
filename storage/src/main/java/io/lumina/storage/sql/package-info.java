/** What every reader and store shares: the parameterized SQL builder. */
package io.lumina.storage.sql;
