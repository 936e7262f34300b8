-- Free text (`q`, docs/api.md) served by an index: the words of the first 4,000 characters of a span's
-- prompt and of its response, in the `simple` configuration (lower-cased, no stemming or stop words, so
-- any language works). Spans without prompt or response index nothing. The expression is written once
-- more in storage.traces.FreeText: the planner uses the index only for the same expression.
CREATE INDEX spans_text_idx ON spans USING gin (
    to_tsvector('simple'::regconfig, left(coalesce(prompt, ''), 4000) || ' ' || left(coalesce(response, ''), 4000)));
