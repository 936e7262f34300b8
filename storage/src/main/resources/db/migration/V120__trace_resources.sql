-- The resource attributes of a trace's spans on its summary, so that attr.<key>=<value> on a resource
-- attribute (deployment.environment.name, service.version) is a filter on `traces` like `models`
-- instead of a semi-join over every matching span of the window (docs/performance.md, "Trace list
-- plans").
--
-- `resources` maps each resource attribute key to the distinct values the trace's spans carry for it,
-- in jsonb order, at most 16 per key: {"deployment.environment.name": ["production"],
-- "service.version": ["1.2.0", "1.3.0"]}. Containment answers the filter and GIN (jsonb_path_ops)
-- serves it: resources @> '{"deployment.environment.name": ["production"]}'. A map of value sets
-- rather than a list of resource objects keeps a trace through many pods (one host.name each) small,
-- and keeping the smallest 16 values of each key makes the merge commutative like every other
-- summary column.
ALTER TABLE traces ADD COLUMN resources jsonb NOT NULL DEFAULT '{}'::jsonb;

-- The summary of a set of resource attribute objects (the spans' resource_attributes).
CREATE FUNCTION lumina_trace_resources(objects jsonb[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(key, vals), '{}'::jsonb)
    FROM (SELECT kv.key, to_jsonb((array_agg(DISTINCT kv.value ORDER BY kv.value))[1:16]) AS vals
          FROM unnest(objects) o, jsonb_each(o) kv
          WHERE jsonb_typeof(o) = 'object'
          GROUP BY kv.key) x
$$;

-- The union of two summaries, as if made from the resource objects of both. Equal summaries (a trace
-- whose spans share one resource, the usual case) skip the work; containment would not do as a
-- shortcut, since for array or object values it is not set inclusion ([["x","y"]] @> [["x"]]).
CREATE FUNCTION lumina_merge_trace_resources(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN a = b OR b = '{}'::jsonb THEN a WHEN a = '{}'::jsonb THEN b ELSE (
        SELECT coalesce(jsonb_object_agg(key, vals), '{}'::jsonb)
        FROM (SELECT kv.key, to_jsonb((array_agg(DISTINCT v ORDER BY v))[1:16]) AS vals
              FROM (SELECT * FROM jsonb_each(a) UNION ALL SELECT * FROM jsonb_each(b)) kv,
                   jsonb_array_elements(kv.value) v
              GROUP BY kv.key) x)
    END
$$;

-- Summaries written before this migration: from their stored spans.
UPDATE traces t SET resources = s.resources
FROM (SELECT project_id, trace_id, lumina_trace_resources(array_agg(DISTINCT resource_attributes)) AS resources
      FROM spans
      WHERE resource_attributes <> '{}'::jsonb
      GROUP BY project_id, trace_id) s
WHERE t.project_id = s.project_id AND t.trace_id = s.trace_id;

CREATE INDEX traces_resources_idx ON traces USING gin (resources jsonb_path_ops);
