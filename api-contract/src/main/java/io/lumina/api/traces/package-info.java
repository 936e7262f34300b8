/** Trace and span lists, one trace as a span tree, and the list parameters (docs/api.md). */
package io.lumina.api.traces;
