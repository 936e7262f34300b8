// DERIVED, NOT RECORDED: PyPI is out of reach here, so OpenLLMetry Python's spans are rebuilt from
// the attribute names its sources publish (opentelemetry-semantic-conventions-ai SpanAttributes and
// opentelemetry-instrumentation-openai shared/__init__.py and chat_wrappers.py, traceloop-sdk
// decorators), set from the fake provider's real answers, and exported by the OpenTelemetry JS SDK
// as protobuf. `npm run record`.
import { context, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { collector, record, done } from '../harness/harness.mjs';
import { CHAT, TWO_STEPS, messages } from '../harness/scenarios.mjs';

const library = 'openllmetry-python';
const packages = {
  'traceloop-sdk (attribute names of)': '0.4x, opentelemetry-semantic-conventions-ai SpanAttributes',
  'opentelemetry-instrumentation-openai (attribute names of)': 'shared/__init__.py _set_request_attributes, _set_response_attributes',
};
const notes = ['derived, not recorded: PyPI is not reachable from this workplace; span names, attribute names and value shapes follow OpenLLMetry Python\'s sources, values come from the fake provider\'s answers'];

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'recorder-openllmetry-python' }),
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: (await collector()).url }))],
});
const tracer = provider.getTracer('opentelemetry.instrumentation.openai.v1');
const sdkTracer = provider.getTracer('traceloop.tracer');
const flush = () => provider.forceFlush();

// Python's json.dumps separators: ", " and ": "
const pyJson = (value) => JSON.stringify(value).replace(/","/g, '", "').replace(/":/g, '": ').replace(/\],"/g, '], "').replace(/\},"/g, '}, "');

/** The span openai.chat as the Python OpenAI instrumentation writes it, around a real request. */
async function openaiChat(fake, body) {
  return tracer.startActiveSpan('openai.chat', { kind: SpanKind.CLIENT }, async (span) => {
    span.setAttribute('llm.request.type', 'chat');
    span.setAttribute('gen_ai.system', 'OpenAI');
    span.setAttribute('gen_ai.request.model', body.model);
    span.setAttribute('llm.headers', 'None');
    span.setAttribute('llm.is_streaming', false);
    span.setAttribute('gen_ai.openai.api_base', `${fake.openAiBaseUrl}/`);
    body.messages.forEach((m, i) => {
      span.setAttribute(`gen_ai.prompt.${i}.role`, m.role);
      span.setAttribute(`gen_ai.prompt.${i}.content`, m.content);
    });
    const response = await (await fetch(`${fake.openAiBaseUrl}/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-fake' }, body: JSON.stringify(body),
    })).json();
    span.setAttribute('gen_ai.response.model', response.model);
    span.setAttribute('gen_ai.response.id', response.id);
    span.setAttribute('gen_ai.openai.system_fingerprint', response.system_fingerprint);
    span.setAttribute('llm.usage.total_tokens', response.usage.total_tokens);
    span.setAttribute('gen_ai.usage.completion_tokens', response.usage.completion_tokens);
    span.setAttribute('gen_ai.usage.prompt_tokens', response.usage.prompt_tokens);
    span.setAttribute('gen_ai.usage.cache_read_input_tokens', response.usage.prompt_tokens_details?.cached_tokens ?? 0);
    response.choices.forEach((c, i) => {
      span.setAttribute(`gen_ai.completion.${i}.finish_reason`, c.finish_reason);
      span.setAttribute(`gen_ai.completion.${i}.role`, c.message.role);
      span.setAttribute(`gen_ai.completion.${i}.content`, c.message.content);
    });
    span.end();
    return response;
  });
}

/** A @workflow / @task decorated function of the Python SDK, called without arguments. */
function entity(kind, name, workflowName, fn) {
  return sdkTracer.startActiveSpan(`${name}.${kind}`, async (span) => {
    span.setAttribute('traceloop.span.kind', kind);
    span.setAttribute('traceloop.entity.name', name);
    span.setAttribute('traceloop.workflow.name', workflowName);
    if (kind !== 'workflow') span.setAttribute('traceloop.entity.path', '');
    span.setAttribute('traceloop.entity.input', pyJson({ args: [], kwargs: {} }));
    const out = await fn();
    span.setAttribute('traceloop.entity.output', pyJson(out));
    span.end();
    return out;
  });
}

await record(
  {
    library, packages, notes, flush, origin: 'derived', scenario: 'chat',
    description: 'openai.chat span of client.chat.completions.create on gpt-4o; the answer names the dated snapshot and reports 1024 cached tokens',
    replies: CHAT.replies,
  },
  async ({ fake }) => {
    await openaiChat(fake, { model: 'gpt-4o', messages: messages(CHAT.question) });
  },
);

await record(
  {
    library, packages, notes, flush, origin: 'derived', scenario: 'workflow',
    description: '@workflow support_answer running two @task functions (draft, polish) without arguments, each one openai.chat call',
    replies: TWO_STEPS('gpt-4o-mini-2024-07-18').replies,
  },
  async ({ fake }) => {
    await entity('workflow', 'support_answer', 'support_answer', async () => {
      const draft = await entity('task', 'draft', 'support_answer', async () =>
        (await openaiChat(fake, { model: 'gpt-4o', messages: messages(TWO_STEPS().question) })).choices[0].message.content);
      return entity('task', 'polish', 'support_answer', async () =>
        (await openaiChat(fake, { model: 'gpt-4o-mini', messages: messages(`Polish: ${draft}`) })).choices[0].message.content);
    });
  },
);

await provider.shutdown();
await done();
