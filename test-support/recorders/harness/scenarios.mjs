// The scripted answers every recorder uses, so that the same scenario reports the same usage
// whichever library ran it.
import { record, reply } from './harness.mjs';

export const SYSTEM = 'You are a terse assistant. Answer in one sentence.';

/** The system prompt and one user question, as OpenAI chat messages. */
export const messages = (question) => [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: question },
];

export const CHAT = {
  question: 'What is the capital of France?',
  replies: [reply({ text: 'Paris is the capital of France.', model: 'gpt-4o-2024-08-06', usage: { input: 1234, output: 56, cachedInput: 1024 } })],
};

export const STREAM = {
  question: 'How does streaming work?',
  replies: [reply({ text: 'Streams deliver the answer piece by piece as it is generated.', model: 'gpt-4o-mini-2024-07-18', usage: { input: 987, output: 65 } })],
};

export const TOOL_CALL = {
  question: 'What is the weather in Paris?',
  replies: [
    reply({ toolCall: { name: 'weather', arguments: { city: 'Paris' } }, model: 'gpt-4o-2024-08-06', usage: { input: 1201, output: 18 } }),
    reply({ text: 'It is 18 degrees and sunny in Paris.', model: 'gpt-4o-2024-08-06', usage: { input: 1267, output: 14, cachedInput: 1152 } }),
  ],
};

/** Two calls: a draft, then a polish of it (a workflow of two tasks, an agent's two steps). */
export const TWO_STEPS = (polishModel) => ({
  question: 'How do I reset my password?',
  replies: [
    reply({ text: 'Reset it from the settings page.', model: 'gpt-4o-2024-08-06', usage: { input: 820, output: 24 } }),
    reply({ text: 'You can reset your password from the settings page.', model: polishModel, usage: { input: 310, output: 31 } }),
  ],
});

const drain = async (stream) => {
  for await (const _ of stream) {
    // the span ends with the stream
  }
};

/**
 * The chat scenario through the openai package: `client(fake)` builds the recorder's own
 * (instrumented) OpenAI client; `common` carries library, packages and flush.
 */
export function recordOpenAiChat(common, client) {
  return record(
    {
      ...common,
      scenario: 'chat',
      description: 'chat.completions.create on gpt-4o; the answer names the dated snapshot and reports 1024 cached tokens',
      replies: CHAT.replies,
    },
    async ({ fake }) => {
      await client(fake).chat.completions.create({ model: 'gpt-4o', messages: messages(CHAT.question) });
    },
  );
}

/** A streamed call through the openai package, asking for usage in the stream unless told not to. */
export function recordOpenAiStream(common, client, { includeUsage, notes }) {
  return record(
    {
      ...common,
      notes,
      scenario: includeUsage ? 'stream-with-usage' : 'stream',
      description: includeUsage
        ? 'a streamed chat call that asks for usage in the stream (stream_options.include_usage)'
        : 'a streamed chat call without stream_options: the provider sends no usage, so the span has none',
      replies: STREAM.replies,
    },
    async ({ fake }) => {
      await drain(await client(fake).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: messages(STREAM.question),
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      }));
    },
  );
}
