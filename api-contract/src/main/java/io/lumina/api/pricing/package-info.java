/** The price catalog, project overrides and the models in use (docs/pricing.md). */
package io.lumina.api.pricing;
