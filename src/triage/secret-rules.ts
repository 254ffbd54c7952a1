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
export const hasMixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

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

// Longest prefix first: the alternation built from this list must try `sk-proj-` before `sk-`. Minimum lengths are the
// lowest any earlier scrubber used (a truncated key is still a secret): 12 for vendor-specific `sk-…-` prefixes, 16 for
// bare `sk-`, 20 for `hf_`/`gsk_`/`xai-`, 30 for GitHub tokens.
export const PREFIX_RULES: readonly PrefixRule[] = [
	{ prefix: 'sk-ant-', kind: 'anthropic', charset: WORD_DASH, minBody: 12, fullBody: 100, maxBody: 256 },
	{ prefix: 'sk-or-v1-', kind: 'openrouter', charset: ALNUM, minBody: 12, fullBody: 64, maxBody: 128 },
	{ prefix: 'sk-or-', kind: 'openrouter', charset: WORD_DASH, minBody: 12, fullBody: 64, maxBody: 128 },
	{ prefix: 'sk-proj-', kind: 'openai-project', charset: WORD_DASH, minBody: 12, fullBody: 156, maxBody: 256 },
	{ prefix: 'sk-svcacct-', kind: 'openai', charset: WORD_DASH, minBody: 20, fullBody: 156, maxBody: 256 },
	{ prefix: 'sk-admin-', kind: 'openai', charset: WORD_DASH, minBody: 20, fullBody: 156, maxBody: 256 },
	{
		prefix: 'sk-',
		kind: 'openai',
		charset: WORD_DASH,
		minBody: 16,
		fullBody: 48,
		maxBody: 256,
		// Bare `sk-` also starts words (`sk-learn-…`): a key body mixes letters and digits, or (a random key that
		// happens to have no digit) upper and lower case over a key's length.
		validate: (body) =>
			/^[A-Za-z0-9]/.test(body) && ((hasDigit(body) && hasLetter(body)) || (body.length >= 24 && hasMixedCase(body))),
	},
	{ prefix: 'github_pat_', kind: 'github-token', charset: WORD_DASH, minBody: 30, fullBody: 82, maxBody: 128 },
	{ prefix: 'ghp_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'gho_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'ghu_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'ghs_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'ghr_', kind: 'github-token', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{ prefix: 'AIza', kind: 'google', charset: WORD_DASH, minBody: 30, fullBody: 35, maxBody: 64 },
	{ prefix: 'gsk_', kind: 'groq', charset: ALNUM, minBody: 20, fullBody: 52, maxBody: 96 },
	{ prefix: 'xai-', kind: 'xai', charset: ALNUM, minBody: 20, fullBody: 80, maxBody: 128 },
	{ prefix: 'hf_', kind: 'huggingface', charset: ALNUM, minBody: 20, fullBody: 34, maxBody: 64 },
	{ prefix: 'AKIA', kind: 'aws-access-key', charset: UPPER_ALNUM, minBody: 16, fullBody: 16, maxBody: 16 },
	{ prefix: 'ASIA', kind: 'aws-access-key', charset: UPPER_ALNUM, minBody: 16, fullBody: 16, maxBody: 16 },
	// Keys of services that LLM-API users paste beside their LLM key (payments, chat, CI, registries, other inference
	// hosts): not the bot's subject, but a key all the same.
	{ prefix: 'pplx-', kind: 'perplexity', charset: ALNUM, minBody: 20, fullBody: 48, maxBody: 96 },
	{ prefix: 'sk_live_', kind: 'stripe', charset: ALNUM, minBody: 16, fullBody: 99, maxBody: 128 },
	{ prefix: 'sk_test_', kind: 'stripe', charset: ALNUM, minBody: 16, fullBody: 99, maxBody: 128 },
	{ prefix: 'rk_live_', kind: 'stripe', charset: ALNUM, minBody: 16, fullBody: 99, maxBody: 128 },
	{ prefix: 'rk_test_', kind: 'stripe', charset: ALNUM, minBody: 16, fullBody: 99, maxBody: 128 },
	{ prefix: 'r8_', kind: 'replicate', charset: ALNUM, minBody: 20, fullBody: 37, maxBody: 64 },
	...['xoxb-', 'xoxp-', 'xoxa-', 'xoxe-', 'xapp-'].map(
		(prefix): PrefixRule => ({
			prefix,
			kind: 'slack',
			charset: WORD_DASH,
			minBody: 20,
			fullBody: 60,
			maxBody: 256,
			validate: hasDigit,
		}),
	),
	{ prefix: 'glpat-', kind: 'gitlab', charset: WORD_DASH, minBody: 20, fullBody: 20, maxBody: 64 },
	{
		prefix: 'SG.',
		kind: 'sendgrid',
		charset: (c) => WORD_DASH(c) || c === 46,
		minBody: 40,
		fullBody: 66,
		maxBody: 96,
		validate: (body) => /^[\w-]{16,32}\.[\w-]{30,60}$/.test(body),
	},
	{ prefix: 'npm_', kind: 'npm', charset: ALNUM, minBody: 30, fullBody: 36, maxBody: 64 },
	{
		prefix: 'ya29.',
		kind: 'google-oauth',
		charset: (c) => WORD_DASH(c) || c === 46,
		minBody: 20,
		fullBody: 200,
		maxBody: 2048,
		validate: hasDigit,
	},
	{ prefix: 'nvapi-', kind: 'nvidia', charset: WORD_DASH, minBody: 40, fullBody: 64, maxBody: 96 },
];

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a key may start: not after a letter or digit (so `task-…` is not `sk-…`), but right after a JSON string escape
 * (`\n`, `\t`, `\"`, `\u0022`) or a URL escape (`%20`, `%3D`) it does, since pasted bodies keep their escapes.
 */
const AFTER_ESCAPE = '(?<=\\\\[nrtbfv])|(?<=\\\\u[0-9A-Fa-f]{4})|(?<=%[0-9A-Fa-f]{2})';

const isAlnum = (c: number): boolean => ALNUM(c);
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * Whether a key may start at `index`: done in code, since a regex that starts with these lookbehinds cannot scan
 * for its literal prefix, which made every pass several times slower.
 */
export function isKeyBoundary(text: string, index: number): boolean {
	if (index === 0 || !isAlnum(text.charCodeAt(index - 1))) return true;
	if (index >= 2 && text.charCodeAt(index - 2) === 92 && 'nrtbfv'.includes(text.charAt(index - 1))) return true;
	if (
		index >= 3 &&
		text.charCodeAt(index - 3) === 37 &&
		isHex(text.charCodeAt(index - 2)) &&
		isHex(text.charCodeAt(index - 1))
	)
		return true;
	if (index >= 6 && text.charCodeAt(index - 6) === 92 && text.charCodeAt(index - 5) === 117) {
		for (let i = index - 4; i < index; i++) if (!isHex(text.charCodeAt(i))) return false;
		return true;
	}
	return false;
}

/** One alternation of every prefix; the caller checks {@link isKeyBoundary} before it. */
export const PREFIX_START = new RegExp(`(?:${PREFIX_RULES.map((r) => escapeRegex(r.prefix)).join('|')})`, 'g');

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

const PLACEHOLDER_MARK = /<|>|\$\{|\{\{/;
// A placeholder word counts only at a word edge (`your-key`, `YOUR_KEY`, `...EXAMPLE`): inside a run of letters and
// digits it is chance (`A000000000000Your00000000000000000000000` is a well-shaped AWS secret).
const PLACEHOLDER_WORDS =
	'your|example|placeholder|redacted|dummy|changeme|insert|replace|secret_here|key_here|token_here';
const PLACEHOLDER_WORD = new RegExp(
	`(?:^|[^A-Za-z0-9])(?:${PLACEHOLDER_WORDS})|(?:${PLACEHOLDER_WORDS})(?:$|[^A-Za-z0-9])`,
	'i',
);
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
		PLACEHOLDER_MARK.test(value) ||
		PLACEHOLDER_WORD.test(value) ||
		isMasked(value) ||
		ENV_NAME.test(value) ||
		// `process.env.KEY`, `settings.api_key`: identifiers, without the digits of a random token.
		(DOTTED_REFERENCE.test(value) && !/\d/.test(value))
	);
}

// Pieces of the context rules' leads, each also in its JSON-escaped (`\"`, `\u0022`) and URL-encoded (`%22`, `%3D`,
// `%20`) spelling: a key pasted inside a JSON string or a query string is still a key.
const Q = '(?:\\\\?["\'`]|\\\\u0022|%22|%27)';
const SP = '(?:[ \\t]|%20)';
const SEP = '(?:[:=]|%3[AaDd])';
/** A lead that ends in a quote (the value is quoted, so its letters alone make it a value). */
const QUOTED_LEAD = /(?:["'`]|\\u0022|%22|%27)$/i;

const looksRandom = (body: string): boolean =>
	hasDigit(body) ? hasLetter(body) : body.length >= 24 && hasMixedCase(body);

export const CONTEXT_RULES: readonly ContextRule[] = [
	{
		name: 'jwt',
		start: new RegExp(`(?=eyJ[A-Za-z0-9_-]{5})(?:(?<![A-Za-z0-9_-])|${AFTER_ESCAPE})`, 'g'),
		keepLead: true,
		charset: DOTTED,
		minBody: 30,
		fullBody: 100,
		maxBody: 8192,
		classify: (body) => (/^eyJ[\w-]{5,4000}\.eyJ[\w-]{5,4000}\.[\w-]{8,4000}$/.test(body) ? 'bearer-token' : null),
	},
	{
		name: 'discord',
		start: new RegExp(`(?=[MNO][A-Za-z0-9_\\n-])(?:(?<![A-Za-z0-9_.-])|${AFTER_ESCAPE})`, 'g'),
		keepLead: true,
		charset: DOTTED,
		minBody: 56,
		fullBody: 72,
		maxBody: 128,
		classify: (body) =>
			/^[MNO][\w-]{22,27}\.[\w-]{5,7}\.[\w-]{26,90}$/.test(body) && (hasDigit(body) || hasMixedCase(body))
				? 'discord-token'
				: null,
	},
	{
		name: 'aws-secret',
		start: new RegExp(
			`(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)${Q}?${SP}{0,4}${SEP}${SP}{0,4}${Q}?`,
			'gi',
		),
		keepLead: true,
		charset: BASE64,
		minBody: 40,
		fullBody: 40,
		maxBody: 40,
		classify: (body) => (body.length === 40 && !isPlaceholder(body) ? 'aws-secret-key' : null),
	},
	{
		name: 'azure',
		start: new RegExp(
			`(?:azure[\\w-]{0,40}?key|api[-_]?key|subscription[-_]?key|ocp-apim-subscription-key)${Q}?${SP}{0,4}${SEP}${SP}{0,4}${Q}?`,
			'gi',
		),
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
		// A bare Azure key (32 hex) in prose or a title: only when the text just before names Azure and a key.
		name: 'azure-bare',
		start: /(?<![A-Za-z0-9_.-])(?=[0-9a-fA-F]{32}(?![A-Za-z0-9_-]))/g,
		keepLead: true,
		charset: ALNUM,
		minBody: 32,
		fullBody: 32,
		maxBody: 32,
		classify: (body, _lead, before) => {
			if (!/^[0-9a-f]{32}$|^[0-9A-F]{32}$/.test(body) || !hasDigit(body) || !hasLetter(body)) return null;
			const near = before();
			return /azure/i.test(near) && /(?:key|secret|credential)\W{0,12}$|key\b.{0,40}$/i.test(near) ? 'azure' : null;
		},
	},
	{
		name: 'bearer',
		start: new RegExp(`Bearer(?<=(?:^|[^\\w]|%20|\\\\[nt])Bearer)${SP}{1,4}`, 'gi'),
		keepLead: true,
		charset: TOKEN,
		minBody: 8,
		fullBody: 40,
		maxBody: 8192,
		// A random token, or any 12+ character token that is not a plain word (`Bearer authentication`).
		classify: (body) =>
			!isPlaceholder(body) &&
			(looksRandom(body) || (body.length >= 12 && (hasDigit(body) || /[a-z][A-Z]|[._~+/=-]/.test(body))))
				? 'bearer-token'
				: null,
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
		start: new RegExp(
			`(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|password|passwd|secret|credentials?|authorization)${Q}?${SP}{0,4}${SEP}${SP}{0,4}${Q}?`,
			'gi',
		),
		keepLead: true,
		charset: TOKEN,
		minBody: 12,
		fullBody: 0,
		maxBody: 4096,
		classify: (body, lead) => {
			if (isPlaceholder(body)) return null;
			const quoted = QUOTED_LEAD.test(lead);
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
		classify: (body) => (!isPlaceholder(body) && (hasDigit(body) || hasMixedCase(body)) ? 'generic' : null),
	},
	{
		name: 'cli-flag',
		start: new RegExp(`--(?:api-key|token|key|auth-token)(?:${SP}|=|%3[Dd]){1,3}${Q}?`, 'gi'),
		keepLead: true,
		charset: TOKEN,
		minBody: 12,
		fullBody: 0,
		maxBody: 4096,
		classify: (body) => (!isPlaceholder(body) && looksRandom(body) ? 'generic' : null),
	},
];
