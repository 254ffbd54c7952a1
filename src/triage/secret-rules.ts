import type { SecretKind } from './types.js';

/** Which characters a key body may contain. */
export type Charset = (code: number) => boolean;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
export const ALNUM: Charset = (c) => isDigit(c) || isUpper(c) || isLower(c);
/** Letters, digits, `_` and `-` (URL-safe base64 and most vendor keys). */
export const WORD_DASH: Charset = (c) => ALNUM(c) || c === 95 || c === 45;
export const UPPER_ALNUM: Charset = (c) => isDigit(c) || isUpper(c);
export const BASE64: Charset = (c) => ALNUM(c) || c === 43 || c === 47 || c === 61;
/** Characters of opaque tokens in headers and assignments (RFC 6750 b64token plus `.`). */
export const TOKEN: Charset = (c) => WORD_DASH(c) || c === 46 || c === 126 || c === 43 || c === 47 || c === 61;
export const URL_TOKEN: Charset = (c) => TOKEN(c) || c === 37;
const DOTTED: Charset = (c) => WORD_DASH(c) || c === 46;

export const hasDigit = (s: string): boolean => /\d/.test(s);
export const hasLetter = (s: string): boolean => /[A-Za-z]/.test(s);
const hasMixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

/**
 * A key recognised by its vendor prefix. `fullBody` is the body length of a complete key: a shorter body that runs
 * into a line break continues on the next line (a key wrapped by a terminal or pasted over two lines).
 */
export interface PrefixRule {
	readonly prefix: string;
	readonly kind: SecretKind;
	readonly charset: Charset;
	readonly minBody: number;
	readonly fullBody: number;
	readonly maxBody: number;
	readonly validate?: (body: string) => boolean;
}

// Longest prefix first: the alternation built from this list must try `sk-proj-` before `sk-`.
export const PREFIX_RULES: readonly PrefixRule[] = [
	{ prefix: 'sk-ant-', kind: 'anthropic', charset: WORD_DASH, minBody: 20, fullBody: 100, maxBody: 256 },
	{ prefix: 'sk-or-v1-', kind: 'openrouter', charset: ALNUM, minBody: 20, fullBody: 64, maxBody: 128 },
	{ prefix: 'sk-or-', kind: 'openrouter', charset: WORD_DASH, minBody: 20, fullBody: 64, maxBody: 128 },
	{ prefix: 'sk-proj-', kind: 'openai-project', charset: WORD_DASH, minBody: 20, fullBody: 156, maxBody: 256 },
	{ prefix: 'sk-svcacct-', kind: 'openai', charset: WORD_DASH, minBody: 20, fullBody: 156, maxBody: 256 },
	{ prefix: 'sk-admin-', kind: 'openai', charset: WORD_DASH, minBody: 20, fullBody: 156, maxBody: 256 },
	{
		prefix: 'sk-',
		kind: 'openai',
		charset: WORD_DASH,
		minBody: 20,
		fullBody: 48,
		maxBody: 256,
		// Bare `sk-` also starts words (`sk-learn-…`): a key body mixes letters and digits.
		validate: (body) => hasDigit(body) && hasLetter(body),
	},
	{ prefix: 'github_pat_', kind: 'github-token', charset: WORD_DASH, minBody: 40, fullBody: 82, maxBody: 128 },
	{ prefix: 'ghp_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'gho_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'ghu_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'ghs_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'ghr_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'AIza', kind: 'google', charset: WORD_DASH, minBody: 30, fullBody: 35, maxBody: 64 },
	{ prefix: 'gsk_', kind: 'groq', charset: ALNUM, minBody: 30, fullBody: 52, maxBody: 96 },
	{ prefix: 'xai-', kind: 'xai', charset: ALNUM, minBody: 30, fullBody: 80, maxBody: 128 },
	{ prefix: 'hf_', kind: 'huggingface', charset: ALNUM, minBody: 30, fullBody: 34, maxBody: 64 },
	{ prefix: 'AKIA', kind: 'aws-access-key', charset: UPPER_ALNUM, minBody: 16, fullBody: 16, maxBody: 16 },
	{ prefix: 'ASIA', kind: 'aws-access-key', charset: UPPER_ALNUM, minBody: 16, fullBody: 16, maxBody: 16 },
];

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation of every prefix, not preceded by a letter or digit. */
export const PREFIX_START = new RegExp(
	`(?<![A-Za-z0-9])(?:${PREFIX_RULES.map((r) => escapeRegex(r.prefix)).join('|')})`,
	'g',
);

/**
 * A secret recognised by its context (`Bearer `, `api-key: `) or its shape (Discord, JWT). The lead matched by
 * `start` is kept when `keepLead`; the body that follows it is replaced.
 */
export interface ContextRule {
	readonly name: string;
	readonly start: RegExp;
	readonly keepLead: boolean;
	readonly charset: Charset;
	readonly minBody: number;
	readonly fullBody: number;
	readonly maxBody: number;
	/** Kind of the secret, or null when the body is not one (a placeholder, a variable name). */
	readonly classify: (body: string, lead: string, before: () => string) => SecretKind | null;
}

const PLACEHOLDER =
	/your|example|placeholder|redacted|dummy|changeme|insert|replace|secret_here|key_here|token_here|<|>|\$\{|\{\{/i;
/** Masked or elided keys (`sk-xxxx`, `sk-...abcd`, `****`): mostly mask characters, few of a key's own. */
const MASK = /x{4}|X{4}|\*{3}|\.{3}|…/;
const isMasked = (value: string): boolean =>
	MASK.test(value) && value.replace(/[xX*.…]/g, '').length < 24 && (value.match(/\d/g)?.length ?? 0) < 4;
const ENV_NAME = /^[A-Z][A-Z0-9]{0,60}(?:_[A-Z0-9]{1,60}){1,10}$|^[A-Z]{1,60}$/;
const DOTTED_REFERENCE = /^[A-Za-z_$][\w$]{0,80}(?:\.[A-Za-z_$][\w$]{0,80}){1,8}$/;

/** True for values that name a secret rather than hold one: placeholders, env var names, `process.env.X`. */
export function isPlaceholder(value: string): boolean {
	return (
		/^[<{$%[(*]/.test(value) ||
		PLACEHOLDER.test(value) ||
		isMasked(value) ||
		ENV_NAME.test(value) ||
		// `process.env.KEY`, `settings.api_key`: identifiers, without the digits of a random token.
		(DOTTED_REFERENCE.test(value) && !/\d/.test(value))
	);
}

const looksRandom = (body: string): boolean =>
	hasDigit(body) ? hasLetter(body) : body.length >= 24 && hasMixedCase(body);

export const CONTEXT_RULES: readonly ContextRule[] = [
	{
		name: 'jwt',
		start: /(?<![A-Za-z0-9_-])(?=eyJ[A-Za-z0-9_-]{5})/g,
		keepLead: true,
		charset: DOTTED,
		minBody: 30,
		fullBody: 100,
		maxBody: 8192,
		classify: (body) => (/^eyJ[\w-]{5,4000}\.eyJ[\w-]{5,4000}\.[\w-]{8,4000}$/.test(body) ? 'bearer-token' : null),
	},
	{
		name: 'discord',
		start: /(?<![A-Za-z0-9_.-])(?=[MNO][A-Za-z0-9_\n-])/g,
		keepLead: true,
		charset: DOTTED,
		minBody: 59,
		fullBody: 72,
		maxBody: 128,
		classify: (body) =>
			/^[MNO][\w-]{23,27}\.[\w-]{6,7}\.[\w-]{27,40}$/.test(body) && hasDigit(body) ? 'discord-token' : null,
	},
	{
		name: 'aws-secret',
		start: /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?/gi,
		keepLead: true,
		charset: BASE64,
		minBody: 40,
		fullBody: 40,
		maxBody: 40,
		classify: (body) => (body.length === 40 && !isPlaceholder(body) ? 'aws-secret-key' : null),
	},
	{
		name: 'azure',
		start:
			/(?:azure[\w-]{0,40}?key|api[-_]?key|subscription[-_]?key|ocp-apim-subscription-key)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?/gi,
		keepLead: true,
		charset: ALNUM,
		minBody: 32,
		fullBody: 32,
		maxBody: 84,
		classify: (body, lead, before) => {
			const shaped = /^[0-9a-f]{32}$/i.test(body) || (body.length === 84 && hasDigit(body));
			if (!shaped) return null;
			return /azure|subscription|ocp-apim|^api-key/i.test(lead) || /azure/i.test(before()) ? 'azure' : 'generic';
		},
	},
	{
		name: 'bearer',
		start: /\bBearer[ \t]{1,4}/gi,
		keepLead: true,
		charset: TOKEN,
		minBody: 8,
		fullBody: 40,
		maxBody: 8192,
		classify: (body) => (!isPlaceholder(body) && looksRandom(body) ? 'bearer-token' : null),
	},
	{
		name: 'basic',
		start: /\bBasic[ \t]{1,4}/g,
		keepLead: true,
		charset: BASE64,
		minBody: 12,
		fullBody: 0,
		maxBody: 4096,
		classify: (body) => (!isPlaceholder(body) && (hasDigit(body) || body.endsWith('=')) ? 'generic' : null),
	},
	{
		name: 'assignment',
		start:
			/(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|\btoken|password|passwd|\bsecret|credentials?|authorization)["']?[ \t]{0,4}[:=][ \t]{0,4}["'`]?/gi,
		keepLead: true,
		charset: TOKEN,
		minBody: 12,
		fullBody: 0,
		maxBody: 4096,
		classify: (body, lead) => {
			if (isPlaceholder(body)) return null;
			const quoted = /["'`]$/.test(lead);
			return (quoted ? hasLetter(body) : looksRandom(body)) ? 'generic' : null;
		},
	},
	{
		name: 'url-query',
		start: /[?&](?:key|api[_-]?key|apikey|token|access_token|auth|sig|signature|secret)=/gi,
		keepLead: true,
		charset: URL_TOKEN,
		minBody: 12,
		fullBody: 0,
		maxBody: 4096,
		classify: (body) => (!isPlaceholder(body) && hasDigit(body) ? 'generic' : null),
	},
	{
		name: 'cli-flag',
		start: /--(?:api-key|token|key|auth-token)[ \t=]{1,3}["']?/gi,
		keepLead: true,
		charset: TOKEN,
		minBody: 12,
		fullBody: 0,
		maxBody: 4096,
		classify: (body) => (!isPlaceholder(body) && looksRandom(body) ? 'generic' : null),
	},
];
