/**
 * Similarity scorers: the SPI ({@link io.lumina.similarity.SimilarityScorer}) and its offline
 * implementations, shared by the replay engine (comparing replayed responses with the originals)
 * and quality monitoring (comparing responses with a prompt's baseline). Plain Java, no Spring.
 */
package io.lumina.similarity;
