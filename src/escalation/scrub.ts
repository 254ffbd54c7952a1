/**
 * A defensive second redaction pass over free text that leaves Doorman (emails, queue messages,
 * stored rows). Triage already redacts; this catches anything shaped like a common credential that
 * slipped through (a conversation line, a moderator note, an SMTP error echo).
 */

interface ScrubRule {
	readonly kind: string;
	readonly pattern: RegExp;
	/** Replacement; `$1` keeps a harmless prefix such as `Bearer ` or `api_key="`. */
	readonly replacement: string;
}

const mask = (kind: string): string => `[REDACTED:${kind}]`;

// Most specific first: once `sk-ant-…` is masked, the generic `sk-` rule no longer sees it.
const RULES: readonly ScrubRule[] = [
	{ kind: 'anthropic', pattern: /\bsk-ant-[A-Za-z0-9_-]{16,}/g, replacement: mask('anthropic') },
	{ kind: 'openrouter', pattern: /\bsk-or-v1-[A-Za-z0-9]{16,}/g, replacement: mask('openrouter') },
	{ kind: 'openai-project', pattern: /\bsk-proj-[A-Za-z0-9_-]{16,}/g, replacement: mask('openai-project') },
	{ kind: 'openai', pattern: /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{15,}/g, replacement: mask('openai') },
	{ kind: 'google', pattern: /\bAIza[0-9A-Za-z_-]{30,}/g, replacement: mask('google') },
	{ kind: 'huggingface', pattern: /\bhf_[A-Za-z0-9]{20,}/g, replacement: mask('huggingface') },
	{ kind: 'groq', pattern: /\bgsk_[A-Za-z0-9]{20,}/g, replacement: mask('groq') },
	{ kind: 'xai', pattern: /\bxai-[A-Za-z0-9]{20,}/g, replacement: mask('xai') },
	{ kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replacement: mask('aws-access-key') },
	{
		kind: 'github-token',
		pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g,
		replacement: mask('github-token'),
	},
	{
		kind: 'jwt',
		pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
		replacement: mask('jwt'),
	},
	// Discord bot tokens: base64 user id, a timestamp part and an HMAC, separated by dots.
	{
		kind: 'discord-token',
		pattern: /\b[MNO][A-Za-z0-9_-]{22,27}\.[A-Za-z0-9_-]{5,7}\.[A-Za-z0-9_-]{26,}/g,
		replacement: mask('discord-token'),
	},
	{
		kind: 'bearer-token',
		pattern: /\b(Bearer\s+)(?!\[REDACTED)[A-Za-z0-9._~+/=-]{12,}/gi,
		replacement: `$1${mask('bearer-token')}`,
	},
	// `api_key="…"`, `"x-api-key": "…"`, `password: '…'`: a quoted value with letters and digits.
	{
		kind: 'generic',
		pattern:
			/((?:api[_-]?key|apikey|secret|token|password|passwd|authorization)["']?\s*[:=]\s*["'])(?!\[REDACTED)(?=[^"'\s]*\d)(?=[^"'\s]*[A-Za-z])[^"'\s]{16,}(?=["'])/gi,
		replacement: `$1${mask('generic')}`,
	},
	// Keys in URLs: `?key=…`, `&api_key=…`, `?token=…`.
	{
		kind: 'generic',
		pattern: /([?&](?:key|api[_-]?key|token|access_token)=)(?!\[REDACTED|%5BREDACTED)[A-Za-z0-9._~%-]{12,}/gi,
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
		rule.pattern.lastIndex = 0;
		const next = out.replace(rule.pattern, rule.replacement);
		if (next !== out && !kinds.includes(rule.kind)) kinds.push(rule.kind);
		out = next;
	}
	return { text: out, kinds };
}

/** `scrubSecrets(text).text`: the text with anything key-shaped masked. */
export const scrub = (text: string): string => scrubSecrets(text).text;

/** Same as `scrub` for a nullable string. */
export const scrubNullable = (text: string | null): string | null => (text === null ? null : scrub(text));

/** True when `text` still contains something key-shaped (useful for assertions and last-line checks). */
export const hasSecretShape = (text: string): boolean => scrubSecrets(text).kinds.length > 0;
