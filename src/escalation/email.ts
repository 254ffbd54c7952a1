import { scrub } from './scrub.js';
import type { EscalationSummary } from './summary.js';
import { defuseFences, defuseMentions, oneLine, truncate } from './text.js';

/** Discord's limit on message content. @see https://discord.com/developers/docs/resources/message#create-message */
export const DISCORD_MESSAGE_MAX = 2000;
/** Longest subject we write; well under the 998-character header line limit of RFC 5322. */
export const SUBJECT_MAX = 150;
/** Longest body we send; the summary's own bounds keep it far below this. */
export const EMAIL_BODY_MAX = 8000;

/** Who the email speaks for: the moderators (sent by Doorman) or the poster (the draft they send). */
export type EmailVoice = 'team' | 'owner';

export interface SupportEmail {
	readonly to: string | null;
	readonly subject: string;
	readonly body: string;
}

export interface EmailOptions {
	readonly voice: EmailVoice;
	/** The vendor's support address (from the KB entry, or the configured default); null if unknown. */
	readonly to: string | null;
	/** Name of the community, for the team voice's sign-off. */
	readonly community?: string;
}

/** A one-line subject: status, code, model, route, then the thread title. */
export function composeSubject(summary: EscalationSummary): string {
	const e = summary.error;
	const parts: string[] = [];
	if (e?.status !== null && e?.status !== undefined) parts.push(`HTTP ${e.status}`);
	if (e?.code && e.code !== String(e.status)) parts.push(`(${e.code})`);
	if (parts.length === 0) parts.push('API error');
	if (summary.model !== null) parts.push(`for ${summary.model}`);
	if (summary.route !== 'unknown') parts.push(`via ${summary.route}`);
	const head = parts.join(' ');
	return truncate(oneLine(scrub(`${head}: ${summary.threadTitle}`)), SUBJECT_MAX);
}

const indent = (text: string): string =>
	text
		.split('\n')
		.map((l) => `    ${l}`)
		.join('\n');

/** The details block both voices share: plain text, every value redacted and bounded by the summary. */
export function composeDetails(summary: EscalationSummary): string {
	const lines: string[] = [];
	const e = summary.error;
	if (e !== null) {
		lines.push('Error:');
		if (e.status !== null) lines.push(`  HTTP status: ${e.status}`);
		if (e.code !== null) lines.push(`  Code: ${e.code}`);
		if (e.type !== null) lines.push(`  Type: ${e.type}`);
		if (e.message !== null) lines.push(`  Message: ${e.message}`);
		if (e.provider !== null) lines.push(`  Provider: ${e.provider}`);
		if (e.requestId !== null) lines.push(`  Request id: ${e.requestId}`);
	} else {
		lines.push('Error: (no error body was provided)');
	}
	lines.push(`Model: ${summary.model ?? '(not stated)'}`);
	const base = summary.baseUrl === null ? '' : ` (base URL ${summary.baseUrl})`;
	lines.push(`Route: ${summary.route}${base}`);
	if (summary.sdk !== null) lines.push(`Client: ${summary.sdk}`);
	if (summary.tried.length > 0) {
		lines.push('', 'What was tried:', ...summary.tried.map((t) => `  - ${t}`));
	}
	if (e !== null && e.excerpt !== '') lines.push('', 'Error body (excerpt):', indent(e.excerpt));
	if (summary.codeExcerpt !== null) lines.push('', 'Code (excerpt):', indent(summary.codeExcerpt));
	return lines.join('\n');
}

/**
 * The support email: subject and plain-text body with the redacted details and the thread link.
 * `team` is what Doorman sends for the moderators; `owner` is the poster's ready-to-send draft.
 */
export function composeSupportEmail(summary: EscalationSummary, options: EmailOptions): SupportEmail {
	const cause =
		summary.cause === null
			? 'We could not identify the cause from our knowledge base.'
			: `Our best guess at the cause: ${summary.cause.title} (confidence ${Math.round(summary.cause.confidence * 100)}%).`;
	const intro =
		options.voice === 'team'
			? [
					'Hello,',
					'',
					`A member of ${options.community ?? 'our Discord community'} is getting an API error that we could not resolve on our side.`,
					'The details are below; API keys and other secrets have been removed.',
					'',
					`Discussion: ${summary.threadLink}`,
					`Reported by: ${summary.ownerName}`,
					cause,
				]
			: [
					'Hello,',
					'',
					'I am getting an API error that I could not resolve. The details are below (I removed my API key).',
					'',
					`Discussion: ${summary.threadLink}`,
				];
	const outro =
		options.voice === 'team'
			? [
					'Could you check what is blocking this request? Replies to this email reach our moderators.',
					'',
					'Thanks,',
					options.community === undefined
						? 'The moderators (sent by Doorman)'
						: `The ${options.community} moderators (sent by Doorman)`,
				]
			: ['Could you check what is blocking this request?', '', 'Thanks'];
	const body = [...intro, '', composeDetails(summary), '', ...outro].join('\n');
	return { to: options.to, subject: composeSubject(summary), body: truncate(scrub(body), EMAIL_BODY_MAX) };
}

const TRIMMED = '\n[trimmed to fit Discord; the full details are in this thread]';

/**
 * The poster's ready-to-send email as one Discord message (≤ 2000 characters): address, subject and
 * the body in a code block they can copy. The body is cut on a line boundary if it does not fit,
 * and cannot close the code block early.
 */
export function composeUserDraft(summary: EscalationSummary, to: string | null): string {
	const email = composeSupportEmail(summary, { voice: 'owner', to });
	const head = [
		"I've passed this to the team. If you want to contact the provider yourself, here is an email you can send:",
		`**To:** ${to === null ? "your provider's support address (see their help page)" : oneLine(to)}`,
		`**Subject:** \`${email.subject.replace(/`/g, "'")}\``,
	];
	if (summary.secretKinds.length > 0) {
		head.push('⚠️ Your post contained an API key (I hid it). Rotate it in your provider dashboard to be safe.');
	}
	const open = '```text\n';
	const close = '\n```';
	const prefix = `${defuseMentions(head.join('\n'))}\n${open}`;
	const room = DISCORD_MESSAGE_MAX - prefix.length - close.length;
	const body = defuseFences(email.body);
	const fitted = body.length <= room ? body : truncate(body, room, TRIMMED);
	return `${prefix}${fitted}${close}`;
}
