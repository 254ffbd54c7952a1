import type { MissingInfo, SecretKind } from '../triage/types.js';
import { fitMessage } from './limits.js';

const MISSING_TEXT: Readonly<Record<MissingInfo, string>> = {
	error_body:
		'**The full error body**: the JSON or text after the status code, not just "403". The status alone fits a dozen different causes; the body says which.',
	model:
		'**The model id** you call (e.g. `openai/gpt-4o`, `gemini-2.5-pro`): some refusals only happen for certain models.',
	code: '**The code or settings that make the call**, including the base URL and client library: they show where the request really goes.',
};

const SECRET_NAMES: Readonly<Record<SecretKind, string>> = {
	openai: 'an OpenAI API key',
	'openai-project': 'an OpenAI project key',
	openrouter: 'an OpenRouter API key',
	anthropic: 'an Anthropic API key',
	google: 'a Google API key',
	azure: 'an Azure key',
	groq: 'a Groq API key',
	xai: 'an xAI API key',
	huggingface: 'a Hugging Face token',
	'aws-access-key': 'an AWS access key',
	'aws-secret-key': 'an AWS secret key',
	'discord-token': 'a Discord bot token',
	'bearer-token': 'a bearer token',
	'github-token': 'a GitHub token',
	perplexity: 'a Perplexity API key',
	stripe: 'a Stripe secret key',
	replicate: 'a Replicate API token',
	slack: 'a Slack token',
	gitlab: 'a GitLab token',
	sendgrid: 'a SendGrid API key',
	npm: 'an npm token',
	'google-oauth': 'a Google OAuth access token',
	nvidia: 'an NVIDIA API key',
	generic: 'a secret (API key or token)',
};

/**
 * The warning for a post that contained secrets: which kind, and to revoke or rotate it now. Never repeats the
 * secret itself. Null when there were none.
 */
export function secretWarning(secrets: readonly SecretKind[]): string | null {
	const kinds = [...new Set(secrets)];
	if (kinds.length === 0) return null;
	const names = kinds.map((k) => SECRET_NAMES[k]);
	const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
	return `⚠️ Your post contained what looks like ${list}. I hid it from my reply, but it was public in this channel: revoke or rotate it now and use the new one.`;
}

const REDACT_REMINDER = 'Please remove API keys and tokens before pasting (replace them with `sk-...`).';

/** The numbered list of what is missing, as every ask, abstention and narrower ask shows it. Pure. */
export function missingList(missing: readonly MissingInfo[]): string {
	return [...new Set(missing)].map((m, i) => `${i + 1}. ${MISSING_TEXT[m]}`).join('\n');
}

/**
 * One polite message asking for exactly what is missing, with one line on why each helps, a reminder to redact
 * keys, and, if secrets were found, which kind and to revoke them now. Pure.
 */
export function askForInfo(missing: readonly MissingInfo[], secrets: readonly SecretKind[]): string {
	const warning = secretWarning(secrets);
	const required =
		missing.length === 0
			? ['Thanks for the report! Could you post the full error output you get? It tells me which cause this is.']
			: ['Thanks for the report! To find out what causes this error I need a bit more:', missingList(missing)];
	return fitMessage([...(warning === null ? [] : [warning]), ...required, REDACT_REMINDER], []);
}

/**
 * A later ask in the same thread, once the poster gave part of what was asked: only what is still missing, without
 * the whole first ask again. Pure.
 */
export function askForRest(missing: readonly MissingInfo[]): string {
	return fitMessage(['To tell what causes this, I still need:', missingList(missing)], []);
}

const MISSING_SHORT: Readonly<Record<MissingInfo, string>> = {
	error_body: 'the full error body (the text after the status code)',
	model: 'the model id',
	code: 'the code or settings that make the call',
};

/** One line answering "what do you need?" after an ask: what is still missing, by name, without the whole list again. */
export function pointToAsk(missing: readonly MissingInfo[]): string {
	const names = [...new Set(missing)].map((m) => MISSING_SHORT[m]);
	const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
	return `What I still need is in my message above: ${list}. Paste them here (keys removed) and I'll read them.`;
}

export interface AbstainOptions {
	/** The thread was handed to human helpers (escalated) rather than left waiting for the poster. */
	readonly handedToHumans?: boolean;
}

/**
 * What the bot says when it is not sure: it does not guess. It lists what would let it tell (if anything is
 * missing) and says a human helper will look when it cannot get further on its own. Pure.
 */
export function abstainMessage(
	missing: readonly MissingInfo[],
	secrets: readonly SecretKind[],
	options: AbstainOptions = {},
): string {
	const warning = secretWarning(secrets);
	const parts = [...(warning === null ? [] : [warning]), "I'm not sure what causes this one, so I won't guess."];
	if (missing.length > 0) parts.push('Here is what would let me tell:', missingList(missing), REDACT_REMINDER);
	if (options.handedToHumans === true || missing.length === 0)
		parts.push('I have passed this thread to the human helpers; someone will take a look.');
	return fitMessage(parts, []);
}
