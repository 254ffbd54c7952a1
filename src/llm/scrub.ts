/**
 * The last redaction pass before text leaves for an LLM endpoint. Triage already redacts posts; this catches
 * anything shaped like a credential that slipped through, in whatever we send (summary, candidates, KB text).
 */

interface ScrubRule {
	readonly kind: string;
	readonly pattern: RegExp;
	/** `$1` keeps a harmless lead such as `Bearer ` or `api_key=`. */
	readonly replacement: string;
}

const mask = (kind: string): string => `[REDACTED:${kind}]`;
// Not preceded by a letter or digit, so `task-…` never looks like `sk-…`; but a JSON escape (`\nsk-…`) still counts
// as a boundary, since pasted error bodies keep their escapes.
const START = '(?:(?<![A-Za-z0-9])|(?<=\\\\[nrt]))';

// Most specific first: once `sk-ant-…` is masked, the bare `sk-` rule no longer sees it.
const RULES: readonly ScrubRule[] = [
	{ kind: 'anthropic', pattern: new RegExp(`${START}sk-ant-[A-Za-z0-9_-]{12,}`, 'g'), replacement: mask('anthropic') },
	{
		kind: 'openrouter',
		pattern: new RegExp(`${START}sk-or-v1-[A-Za-z0-9]{12,}`, 'g'),
		replacement: mask('openrouter'),
	},
	{
		kind: 'openai-project',
		pattern: new RegExp(`${START}sk-proj-[A-Za-z0-9_-]{12,}`, 'g'),
		replacement: mask('openai-project'),
	},
	{
		kind: 'openai',
		pattern: new RegExp(`${START}sk-(?=[A-Za-z0-9_-]*\\d)[A-Za-z0-9][A-Za-z0-9_-]{15,}`, 'g'),
		replacement: mask('openai'),
	},
	{ kind: 'google', pattern: new RegExp(`${START}AIza[0-9A-Za-z_-]{30,}`, 'g'), replacement: mask('google') },
	{ kind: 'huggingface', pattern: new RegExp(`${START}hf_[A-Za-z0-9]{20,}`, 'g'), replacement: mask('huggingface') },
	{ kind: 'groq', pattern: new RegExp(`${START}gsk_[A-Za-z0-9]{20,}`, 'g'), replacement: mask('groq') },
	{ kind: 'xai', pattern: new RegExp(`${START}xai-[A-Za-z0-9]{20,}`, 'g'), replacement: mask('xai') },
	{ kind: 'aws-access-key', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/g, replacement: mask('aws') },
	// Discord bot tokens: base64 user id, a timestamp part and an HMAC, separated by dots.
	{
		kind: 'discord-token',
		pattern: new RegExp(`${START}[MNO][A-Za-z0-9_-]{22,27}\\.[A-Za-z0-9_-]{5,7}\\.[A-Za-z0-9_-]{26,}`, 'g'),
		replacement: mask('discord-token'),
	},
	{
		kind: 'jwt',
		pattern: new RegExp(`${START}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}`, 'g'),
		replacement: mask('jwt'),
	},
	{
		kind: 'bearer',
		pattern: /\b(Bearer\s+)(?!\[REDACTED)[A-Za-z0-9._~+/=-]{12,}/gi,
		replacement: `$1${mask('bearer')}`,
	},
	// `api_key="…"`, `"x-api-key": "…"`, `token: '…'`: a quoted value mixing letters and digits.
	{
		kind: 'generic',
		pattern:
			/((?:api[_-]?key|apikey|secret|token|password|authorization)["']?\s*[:=]\s*["']?)(?!\[REDACTED)(?=[^"'\s]*\d)(?=[^"'\s]*[A-Za-z])[^"'\s,}]{16,}/gi,
		replacement: `$1${mask('generic')}`,
	},
	// Keys in URLs: `?key=…`, `&api_key=…`, `?token=…`.
	{
		kind: 'generic',
		pattern: /([?&](?:key|api[_-]?key|token|access_token)=)(?!\[REDACTED)[A-Za-z0-9._~%-]{12,}/gi,
		replacement: `$1${mask('generic')}`,
	},
];

export interface ScrubResult {
	readonly text: string;
	/** Kinds of credential found and masked, without repeats, in rule order. */
	readonly kinds: readonly string[];
}

/** Masks everything shaped like a credential and reports which kinds were found. */
export function scrubSecrets(text: string): ScrubResult {
	let out = text;
	const kinds: string[] = [];
	for (const rule of RULES) {
		const next = out.replace(rule.pattern, rule.replacement);
		if (next !== out && !kinds.includes(rule.kind)) kinds.push(rule.kind);
		out = next;
	}
	return { text: out, kinds };
}

/** `text` with anything key-shaped masked. */
export const scrub = (text: string): string => scrubSecrets(text).text;

/** True when `text` contains something key-shaped. */
export const hasSecretShape = (text: string): boolean => scrubSecrets(text).kinds.length > 0;
