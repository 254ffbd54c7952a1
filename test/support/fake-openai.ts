import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A local server that speaks enough of the OpenAI HTTP API for the real `openai` SDK: `POST /v1/chat/completions`
 * and `GET /v1/models`. Replies are scripted per test (a queue, then a responder); every request is recorded so
 * tests can assert what left Doorman.
 */

export interface FakeUsage {
	readonly prompt_tokens: number;
	readonly completion_tokens: number;
	readonly total_tokens: number;
}

export type FakeReply =
	/** A chat.completion whose message content is `content` verbatim (use for invalid JSON). */
	| {
			readonly kind: 'content';
			readonly content: string;
			readonly usage?: FakeUsage | null;
			readonly finishReason?: string;
	  }
	/** A chat.completion whose message content is `JSON.stringify(value)`. */
	| { readonly kind: 'json'; readonly value: unknown; readonly usage?: FakeUsage | null }
	/** An OpenAI-style error body with this status (429, 500 …). */
	| { readonly kind: 'error'; readonly status: number; readonly message?: string }
	/** `reply`, sent after `delayMs` (past the client's timeout, the client gives up first). */
	| { readonly kind: 'slow'; readonly delayMs: number; readonly reply: FakeReply };

const ChatMessageSchema = z.object({ role: z.string(), content: z.string() });
export const ChatRequestSchema = z.looseObject({
	model: z.string(),
	messages: z.array(ChatMessageSchema),
	response_format: z.looseObject({ type: z.string() }).optional(),
	max_tokens: z.number().optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	readonly headers: IncomingHttpHeaders;
	/** The body exactly as received. */
	readonly raw: string;
}

export type Responder = (request: ChatRequest) => FakeReply;

export interface FakeOpenAi {
	/** Base URL for the SDK, with `/v1`. */
	readonly baseUrl: string;
	/** Every request, in arrival order. */
	readonly requests: RecordedRequest[];
	/** Parsed bodies of the chat-completion requests. */
	chatRequests(): ChatRequest[];
	/** Queues replies for the next chat completions, in order. */
	reply(...replies: FakeReply[]): void;
	/** Answers chat completions once the queue is empty (default: `groundedPhraser`). */
	respondWith(responder: Responder): void;
	/** The ids `GET /v1/models` lists. */
	setModels(ids: readonly string[]): void;
	/** Makes the next `GET /v1/models` fail (or be slow) this way. */
	failModels(reply: FakeReply): void;
	/** Forgets recorded requests, queued replies and a pending models failure; restores `groundedPhraser`. */
	reset(): void;
	close(): Promise<void>;
}

const countTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function completion(
	request: ChatRequest,
	raw: string,
	content: string,
	usage: FakeUsage | null | undefined,
	finish = 'stop',
) {
	const prompt = countTokens(raw);
	const done = countTokens(content);
	return {
		id: 'chatcmpl-fake',
		object: 'chat.completion',
		created: 1_700_000_000,
		model: request.model,
		choices: [
			{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finish, logprobs: null },
		],
		...(usage === null
			? {}
			: { usage: usage ?? { prompt_tokens: prompt, completion_tokens: done, total_tokens: prompt + done } }),
	};
}

/** The user-message block between ```json fences, parsed (the KB entries or the candidates the prompt carries). */
export function trustedBlock(request: ChatRequest): unknown {
	const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
	const m = /```json\n([\s\S]*?)\n```/.exec(user);
	return m?.[1] === undefined ? null : JSON.parse(m[1]);
}

const GroundEntry = z.looseObject({
	cause: z.string(),
	diagnosis: z.string(),
	fix: z.array(z.string()),
	citations: z.array(z.looseObject({ url: z.string() })),
});

/**
 * A model that only phrases: it restates the matched entry (cause from the `Matched cause:` line, steps and
 * citations from the entries block) and knows nothing itself. Ranking requests get an empty ranking.
 */
export const groundedPhraser: Responder = (request) => {
	const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
	const cause = /^Matched cause: (\S+)$/m.exec(user)?.[1];
	if (cause === undefined) return { kind: 'json', value: { ranking: [] } };
	const entries = z.array(GroundEntry).parse(trustedBlock(request));
	const entry = entries.find((e) => e.cause === cause) ?? entries[0];
	if (entry === undefined) return { kind: 'error', status: 400, message: 'no entries in prompt' };
	return {
		kind: 'json',
		value: {
			diagnosis: `In short: ${entry.diagnosis}`,
			steps: entry.fix,
			citations: entry.citations.map((c) => c.url).slice(0, 2),
			cause,
		},
	};
};

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: RecordedRequest[] = [];
	const queue: FakeReply[] = [];
	let responder: Responder = groundedPhraser;
	let models: readonly string[] = [];
	let modelsFailure: FakeReply | null = null;
	const timers = new Set<NodeJS.Timeout>();

	function deliver(res: ServerResponse, reply: FakeReply, request: ChatRequest | null, raw: string): void {
		switch (reply.kind) {
			case 'slow': {
				const timer = setTimeout(() => {
					timers.delete(timer);
					if (!res.destroyed) deliver(res, reply.reply, request, raw);
				}, reply.delayMs);
				timers.add(timer);
				return;
			}
			case 'error':
				send(res, reply.status, {
					error: { message: reply.message ?? `scripted ${reply.status}`, type: 'fake_error', param: null, code: null },
				});
				return;
			case 'content':
			case 'json': {
				if (request === null) {
					send(res, 200, {
						object: 'list',
						data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
					});
					return;
				}
				const content = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.content;
				const finish = reply.kind === 'content' ? reply.finishReason : undefined;
				send(res, 200, completion(request, raw, content, reply.usage, finish));
				return;
			}
		}
	}

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const path = (req.url ?? '').split('?')[0] ?? '';
			requests.push({ method: req.method ?? '', path, headers: req.headers, raw });
			if (req.method === 'GET' && path === '/v1/models') {
				const failure = modelsFailure;
				modelsFailure = null;
				deliver(res, failure ?? { kind: 'content', content: '' }, null, raw);
				return;
			}
			if (req.method === 'POST' && path === '/v1/chat/completions') {
				const parsed = ChatRequestSchema.safeParse(JSON.parse(raw));
				if (!parsed.success) {
					send(res, 400, { error: { message: 'bad request body', type: 'invalid_request_error' } });
					return;
				}
				deliver(res, queue.shift() ?? responder(parsed.data), parsed.data, raw);
				return;
			}
			send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		chatRequests: () =>
			requests.filter((r) => r.path === '/v1/chat/completions').map((r) => ChatRequestSchema.parse(JSON.parse(r.raw))),
		reply: (...replies) => {
			queue.push(...replies);
		},
		respondWith: (next) => {
			responder = next;
		},
		setModels: (ids) => {
			models = [...ids];
		},
		failModels: (reply) => {
			modelsFailure = reply;
		},
		reset: () => {
			requests.length = 0;
			queue.length = 0;
			modelsFailure = null;
			responder = groundedPhraser;
		},
		close: async () => {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
		},
	};
}
