import OpenAI from 'openai';
import { clipText } from '../message-text.js';
import type { Clock } from '../model.js';
import type { LlmSettings } from '../settings/llm.js';
import { redactString } from '../triage/redact-secrets.js';
import { classifyError, LlmError } from './errors.js';
import { checkPhrased } from './grounding.js';
import type { TokenLedger } from './ports.js';
import { assistPrompt, type Prompt, phrasePrompt } from './prompts.js';
import { AssistJsonSchema, type PhrasedAnswer, PhrasedJsonSchema, parseModelJson } from './schemas.js';
import type {
	AssistInput,
	AssistPick,
	LlmOp,
	LlmRejectInfo,
	LlmRejectReason,
	OnLlmReject,
	PhraseInput,
} from './types.js';

/** The optional LLM, as the advisor sees it. Every method resolves to null instead of failing on the endpoint. */
export interface LlmClient {
	/**
	 * Rephrases the matched KB answer for this post. Null (with `onReject`) unless the model's JSON passes every
	 * grounding check; the caller then posts the KB template answer.
	 */
	phraseAnswer(input: PhraseInput): Promise<PhrasedAnswer | null>;
	/** When the matcher abstained: the model's pick, only if it is a candidate with at least one fired signal. */
	assistRank(input: AssistInput): Promise<AssistPick | null>;
	/**
	 * Model ids the endpoint lists (`GET /models`), sorted, without repeats.
	 * @throws LlmError classified by status (`TIMEOUT`, `RATE_LIMITED`, `SERVER_ERROR`, …).
	 */
	listModels(): Promise<string[]>;
}

export interface LlmClientDeps {
	readonly usage: TokenLedger;
	readonly clock: Clock;
	/** Why a result was not used; log the reason, never the prompt or the reply. */
	readonly onReject?: OnLlmReject;
	/** For tests and proxies; defaults to the global `fetch`. */
	readonly fetch?: typeof fetch;
}

const MAX_MODELS = 5_000;
const MAX_REASON = 300;
// Rough tokens per character, used only when an endpoint reports no `usage`, so the budget still moves.
const CHARS_PER_TOKEN = 4;

type Completion = { ok: true; content: string } | { ok: false; reason: LlmRejectReason; status?: number };

/**
 * An `LlmClient` over the `openai` SDK pointed at `settings.baseUrl`. No retries (a slow or failing endpoint must
 * not delay the KB answer twice); every request is scrubbed and size-capped; `total_tokens` of every reply is added
 * to the ledger, and once today's total reaches `dailyTokenBudget` no request is made.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function createLlmClient(settings: Readonly<LlmSettings>, deps: LlmClientDeps): LlmClient {
	const openai = new OpenAI({
		baseURL: settings.baseUrl,
		// The SDK refuses an empty key; local servers ignore it.
		apiKey: settings.apiKey.length > 0 ? settings.apiKey : 'no-key',
		// Explicit nulls stop the SDK from picking these up from OPENAI_* environment variables.
		organization: null,
		project: null,
		webhookSecret: null,
		timeout: settings.timeoutMs,
		maxRetries: 0,
		// The SDK's debug logging would print request bodies.
		logLevel: 'off',
		...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
	});

	const reject = (op: LlmOp, reason: LlmRejectReason, status?: number): null => {
		const info: LlmRejectInfo = status === undefined ? { op } : { op, status };
		deps.onReject?.(reason, info);
		return null;
	};

	async function complete(prompt: Prompt): Promise<Completion> {
		const now = deps.clock.now();
		if (deps.usage.usedToday(now) >= settings.dailyTokenBudget) return { ok: false, reason: 'BUDGET_EXHAUSTED' };
		const messages = [
			{ role: 'system' as const, content: redactString(prompt.system) },
			{ role: 'user' as const, content: redactString(prompt.user) },
		];
		let completion: OpenAI.Chat.Completions.ChatCompletion;
		try {
			completion = await openai.chat.completions.create({
				model: settings.model,
				messages,
				response_format: { type: 'json_object' },
				max_tokens: settings.maxTokens,
			});
		} catch (error) {
			const failure = classifyError(error);
			return failure.status === null
				? { ok: false, reason: failure.code }
				: { ok: false, reason: failure.code, status: failure.status };
		}
		const choice = completion.choices[0];
		const content = choice?.message.content ?? '';
		const sent = messages.reduce((n, m) => n + m.content.length, 0);
		const tokens = completion.usage?.total_tokens ?? Math.ceil((sent + content.length) / CHARS_PER_TOKEN);
		deps.usage.add(deps.clock.now(), Math.max(0, Math.round(tokens)));
		if (choice === undefined) return { ok: false, reason: 'EMPTY_REPLY' };
		if (choice.message.refusal || choice.finish_reason === 'content_filter') return { ok: false, reason: 'REFUSED' };
		if (choice.finish_reason === 'length') return { ok: false, reason: 'TRUNCATED' };
		if (content.trim().length === 0) return { ok: false, reason: 'EMPTY_REPLY' };
		return { ok: true, content };
	}

	return {
		async phraseAnswer(input) {
			if (!settings.phrase) return reject('phrase', 'DISABLED');
			if (input.entries.length === 0) return reject('phrase', 'NO_ENTRIES');
			const result = await complete(
				phrasePrompt(input.triageSummary, input.entries, input.matchedCause, input.lang ?? 'en'),
			);
			if (!result.ok) return reject('phrase', result.reason, result.status);
			const json = parseModelJson(result.content);
			if (!json.ok) return reject('phrase', 'INVALID_JSON');
			const parsed = PhrasedJsonSchema.safeParse(json.value);
			if (!parsed.success) return reject('phrase', 'SCHEMA_INVALID');
			const checked = checkPhrased(parsed.data, input.entries, input.matchedCause, {
				...(input.notes === undefined ? {} : { notes: input.notes }),
				...(input.lang === undefined ? {} : { lang: input.lang }),
			});
			return checked.ok ? checked.answer : reject('phrase', checked.reason);
		},

		async assistRank(input) {
			if (!settings.assist) return reject('assist', 'DISABLED');
			if (!input.candidates.some((c) => c.firedSignals.length > 0)) return reject('assist', 'NO_CANDIDATES');
			const result = await complete(assistPrompt(input.triageSummary, input.candidates));
			if (!result.ok) return reject('assist', result.reason, result.status);
			const json = parseModelJson(result.content);
			if (!json.ok) return reject('assist', 'INVALID_JSON');
			const parsed = AssistJsonSchema.safeParse(json.value);
			if (!parsed.success) return reject('assist', 'SCHEMA_INVALID');
			const top = parsed.data.ranking[0];
			if (top === undefined) return reject('assist', 'NO_PICK');
			const candidate = input.candidates.find((c) => c.cause === top.cause);
			if (candidate === undefined) return reject('assist', 'PICK_NOT_CANDIDATE');
			if (candidate.firedSignals.length === 0) return reject('assist', 'PICK_WITHOUT_SIGNAL');
			const reason = redactString(top.reason.replace(/\s+/g, ' ').trim());
			return {
				cause: candidate.cause,
				entryId: candidate.entryId,
				reason: clipText(reason, MAX_REASON),
			};
		},

		async listModels() {
			const ids = new Set<string>();
			try {
				for await (const model of openai.models.list()) {
					if (typeof model.id === 'string' && model.id.length > 0) ids.add(model.id);
					if (ids.size >= MAX_MODELS) break;
				}
			} catch (error) {
				const failure = classifyError(error);
				deps.onReject?.(
					failure.code,
					failure.status === null ? { op: 'models' } : { op: 'models', status: failure.status },
				);
				throw failure;
			}
			return [...ids].sort();
		},
	};
}

/** The default when no LLM is configured: every method declines without a network call. */
export const noLlm: LlmClient = {
	phraseAnswer: async () => null,
	assistRank: async () => null,
	listModels: async () => {
		throw new LlmError('DISABLED', null);
	},
};
