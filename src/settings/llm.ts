import { z } from 'zod';

/**
 * The LLM slice of the configuration. Everything is optional at the edges (`config.ts` maps env vars onto it);
 * with every feature flag off the bot answers from the knowledge base alone, exactly as without an LLM.
 */
export const LlmSettingsSchema = z.object({
	/**
	 * Any OpenAI-compatible endpoint, including the version segment: `https://api.openai.com/v1`,
	 * `https://openrouter.ai/api/v1`, `http://127.0.0.1:11434/v1`.
	 */
	baseUrl: z.url({ protocol: /^https?$/ }),
	/** Sent only as the `Authorization` header to `baseUrl`. Local servers often take any non-empty value. */
	apiKey: z.string(),
	/** Model id as the endpoint lists it (`gpt-4o-mini`, `openai/gpt-4o-mini`). */
	model: z.string().trim().min(1),
	/**
	 * Per request; the SDK does not retry, so this is also the worst-case delay before the KB answer is used.
	 * @defaultValue 15000
	 */
	timeoutMs: z.number().int().min(50).max(120_000).default(15_000),
	/**
	 * Upper bound on completion tokens per call.
	 * @defaultValue 700
	 */
	maxTokens: z.number().int().min(16).max(8_000).default(700),
	/**
	 * Total tokens (prompt + completion, as the endpoint reports them) per UTC day; at or above it no call is made.
	 * `0` disables every call.
	 * @defaultValue 200000
	 */
	dailyTokenBudget: z.number().int().min(0).default(200_000),
	/** Rephrase confident KB answers (grounded in the matched entries, checked, falls back to the KB template). */
	phrase: z.boolean().default(false),
	/** Let the model rank causes when the matcher abstains; its pick must agree with a fired signal. */
	assist: z.boolean().default(false),
	/** Check model ids named in posts against the endpoint's `GET /models`. */
	modelCheck: z.boolean().default(false),
	/**
	 * How long a fetched model list is trusted.
	 * @defaultValue 21600000 (6 hours)
	 */
	modelsTtlMs: z
		.number()
		.int()
		.min(1_000)
		.default(6 * 60 * 60 * 1000),
});

/** Parsed settings, defaults applied. */
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;
/** What a caller must provide; omitted fields take their defaults. */
export type LlmSettingsInput = z.input<typeof LlmSettingsSchema>;

/** Parses and freezes LLM settings; throws a ZodError naming each bad field. */
export function parseLlmSettings(input: LlmSettingsInput): Readonly<LlmSettings> {
	return Object.freeze(LlmSettingsSchema.parse(input));
}

/** True when at least one LLM feature is switched on. */
export const isLlmEnabled = (s: Pick<LlmSettings, 'phrase' | 'assist' | 'modelCheck'>): boolean =>
	s.phrase || s.assist || s.modelCheck;
