// Shared by every recorder: a fake LLM server with known usage, an OTLP/HTTP endpoint that keeps
// the exported requests byte for byte, and the writer of one fixture (the .pb requests plus a JSON
// sidecar with the fake server's usage per call). Plain Node, no dependencies.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../src/main/resources/fixtures/instrumentation');

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * One scripted answer. usage: {input, output, cachedInput?, cacheWrite?} as the provider counts
 * them: OpenAI's prompt_tokens includes cached tokens, Anthropic's input_tokens excludes cache
 * reads and writes (they are sent apart). toolCall: {name, arguments} answers with a tool call.
 */
export function reply({ text, toolCall, usage, model }) {
  return { text, toolCall, usage, model };
}

/** The fake LLM server: answers each request with the next scripted reply, in order. */
export async function startFakeLlm(replies) {
  const queue = [...replies];
  const calls = [];
  let ids = 0;
  const server = await listen(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    const url = req.url.replace(/\?.*$/, '');
    const protocol =
      url.endsWith('/chat/completions') ? 'openai' : url.endsWith('/messages') ? 'anthropic' : null;
    if (req.method !== 'POST' || protocol === null) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"no such endpoint"}}');
      return;
    }
    const r = queue.shift();
    if (!r) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"the recorder scripted fewer replies than the library sent"}}');
      return;
    }
    const model = r.model ?? body.model;
    const stream = body.stream === true;
    const includeUsage = !stream || protocol === 'anthropic' || body.stream_options?.include_usage === true;
    calls.push({
      protocol,
      path: url,
      stream,
      usageSentToClient: includeUsage,
      requestModel: body.model,
      responseModel: model,
      toolCall: r.toolCall ? r.toolCall.name : undefined,
      usage: { input: r.usage.input, output: r.usage.output, cachedInput: r.usage.cachedInput ?? 0, cacheWrite: r.usage.cacheWrite ?? 0 },
    });
    const id = ++ids;
    if (protocol === 'openai') {
      openAi(res, r, model, id, stream, includeUsage);
    } else {
      anthropic(res, r, model, id);
    }
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    openAiBaseUrl: `${base}/v1`,
    anthropicBaseUrl: `${base}/v1`,
    calls,
    pending: () => queue.length,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function openAiUsage(u) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cachedInput ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function openAi(res, r, model, id, stream, includeUsage) {
  const created = Math.floor(Date.now() / 1000);
  const toolCalls = r.toolCall
    ? [{ id: `call_fake_${id}`, type: 'function', function: { name: r.toolCall.name, arguments: JSON.stringify(r.toolCall.arguments) } }]
    : undefined;
  const finish = r.toolCall ? 'tool_calls' : 'stop';
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: `chatcmpl-fake-${id}`, object: 'chat.completion', created, model, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message: { role: 'assistant', content: r.toolCall ? null : r.text, tool_calls: toolCalls, refusal: null }, logprobs: null, finish_reason: finish }],
      usage: openAiUsage(r.usage),
    }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices, extra = {}) =>
    res.write(`data: ${JSON.stringify({ id: `chatcmpl-fake-${id}`, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices, ...extra })}\n\n`);
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  if (r.toolCall) {
    chunk([{ index: 0, delta: { tool_calls: [{ index: 0, ...toolCalls[0] }] }, logprobs: null, finish_reason: null }]);
  } else {
    for (const piece of r.text.match(/\S+\s*/g) ?? []) {
      chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
    }
  }
  chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
  if (includeUsage) {
    chunk([], { usage: openAiUsage(r.usage) });
  }
  res.end('data: [DONE]\n\n');
}

function anthropic(res, r, model, id) {
  const content = r.toolCall
    ? [{ type: 'tool_use', id: `toolu_fake_${id}`, name: r.toolCall.name, input: r.toolCall.arguments }]
    : [{ type: 'text', text: r.text }];
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    id: `msg_fake_${id}`, type: 'message', role: 'assistant', model, content,
    stop_reason: r.toolCall ? 'tool_use' : 'end_turn', stop_sequence: null,
    usage: {
      input_tokens: r.usage.input,
      output_tokens: r.usage.output,
      cache_read_input_tokens: r.usage.cachedInput ?? 0,
      cache_creation_input_tokens: r.usage.cacheWrite ?? 0,
    },
  }));
}

/** An OTLP/HTTP traces endpoint keeping every request body as sent. */
export async function startCollector() {
  const requests = [];
  const server = await listen(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url.startsWith('/v1/traces')) {
      requests.push({ contentType: req.headers['content-type'], body });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/traces`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The installed version of each package, read from node_modules of the recorder at `dir`. */
export function versions(dir, names) {
  const out = {};
  for (const name of names) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8'));
    out[name] = pkg.version;
  }
  return out;
}

/**
 * Writes one fixture: <library>/<scenario>.<n>.pb for each exported request, and
 * <library>/<scenario>.json with what the fake server answered.
 */
function writeFixture({ library, scenario, description, packages, notes, origin }, fake, requests) {
  if (fake.pending() > 0) {
    throw new Error(`${library}/${scenario}: ${fake.pending()} scripted replies were never requested`);
  }
  const protobuf = requests.filter((r) => r.contentType?.startsWith('application/x-protobuf'));
  if (protobuf.length === 0 || protobuf.length !== requests.length) {
    throw new Error(`${library}/${scenario}: expected protobuf OTLP requests, got ${requests.map((r) => r.contentType)}`);
  }
  const dir = path.join(FIXTURES, library);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith(`${scenario}.`)) fs.rmSync(path.join(dir, f));
  }
  const files = protobuf.map((r, i) => {
    const file = `${scenario}.${i + 1}.pb`;
    fs.writeFileSync(path.join(dir, file), r.body);
    return file;
  });
  const sidecar = {
    library,
    scenario,
    description,
    origin: origin ?? 'recorded',
    runtime: `node ${process.version}`,
    packages,
    otlpRequests: files,
    calls: fake.calls,
    notes: notes ?? [],
  };
  fs.writeFileSync(path.join(dir, `${scenario}.json`), JSON.stringify(sidecar, null, 2) + '\n');
  writeIndex();
  console.log(`recorded ${library}/${scenario}: ${files.length} OTLP request(s), ${fake.calls.length} call(s)`);
}

/** index.txt: every fixture as <library>/<scenario>, so that tests can list them from a jar. */
export function writeIndex() {
  const lines = [];
  for (const library of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, library);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.json')) lines.push(`${library}/${f.slice(0, -'.json'.length)}`);
    }
  }
  fs.writeFileSync(path.join(FIXTURES, 'index.txt'), lines.join('\n') + '\n');
}

let shared;

/** The one OTLP endpoint of this recorder process: exporters are created once, pointed at it. */
export async function collector() {
  shared ??= await startCollector();
  return shared;
}

/**
 * Runs one scenario against a fresh fake server (origin: 'recorded' unless said otherwise), then `flush` (the recorder's tracer provider
 * forceFlush) so that every span of the scenario has been exported before the fixture is written.
 */
export async function record({ library, scenario, description, replies, packages, notes, origin, flush }, run) {
  const c = await collector();
  const fake = await startFakeLlm(replies);
  const first = c.requests.length;
  try {
    await run({ fake });
    await flush();
    writeFixture({ library, scenario, description, packages, notes, origin }, fake, c.requests.slice(first));
  } finally {
    await fake.close();
  }
}

/** Stops the shared collector: call once, after the last scenario. */
export async function done() {
  await shared?.close();
}
