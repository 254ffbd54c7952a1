import { type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT, escapeMentions, truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import type { SupportContact } from './contact.js';
import type { EscalationSummary } from './summary.js';
import { defuseFences, oneLine } from './text.js';

/** Discord's limit on message content. @see https://discord.com/developers/docs/resources/message#create-message */
/** Longest subject we write; well under the 998-character header line limit of RFC 5322. */
export const SUBJECT_MAX = 150;
/** Longest body we send; the summary's own bounds keep it far below this. */
export const EMAIL_BODY_MAX = 8000;

/** Who the email speaks for: the moderators (sent by Doorman) or the poster (the draft they send). */
export type EmailVoice = 'team' | 'owner';

export interface SupportEmail {
	/** A bare email address, or null when there is none to send to. */
	readonly to: string | null;
	/** The community's desk, copied beside the acting party's address. */
	readonly cc: string | null;
	readonly subject: string;
	readonly body: string;
}

export interface EmailOptions {
	readonly voice: EmailVoice;
	/** Who it goes to; the summary's own contact by default. */
	readonly contact?: SupportContact;
	/** Name of the community, for the team voice's sign-off. */
	readonly community?: string;
}

/** No documented address, no form, no desk. */
export const NO_CONTACT: SupportContact = {
	party: null,
	to: null,
	cc: null,
	form: null,
	toDesk: false,
	viaRelay: false,
};

/** The contact an escalation's emails use: the one recorded in its summary, or none. */
export const contactOf = (summary: EscalationSummary): SupportContact => summary.contact ?? NO_CONTACT;

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
	return truncate(oneLine(redactString(`${head}: ${summary.threadTitle}`)), SUBJECT_MAX);
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
	if (summary.posterWords !== null && summary.posterWords !== undefined)
		lines.push('', "In the poster's words (quoted as written):", indent(summary.posterWords));
	if (e !== null && e.excerpt !== '') lines.push('', 'Error body (excerpt):', indent(e.excerpt));
	if (summary.codeExcerpt !== null) lines.push('', 'Code (excerpt):', indent(summary.codeExcerpt));
	return lines.join('\n');
}

const partyName = (contact: SupportContact): string => contact.party?.name ?? 'the provider';

/** "Submit at <URL>": the acting party takes requests only through this web form. */
export const submitAt = (form: string): string => `Submit at ${form}`;

/**
 * The support email: subject and plain-text body with the redacted details and the thread link.
 * `team` is what Doorman sends for the moderators; `owner` is the poster's ready-to-send draft.
 * When the acting party has only a web form the body says where to submit it.
 */
export function composeSupportEmail(summary: EscalationSummary, options: EmailOptions): SupportEmail {
	const contact = options.contact ?? contactOf(summary);
	const cause =
		summary.cause === null
			? 'We could not identify the cause from our knowledge base.'
			: `Our best guess at the cause: ${summary.cause.title} (confidence ${Math.round(summary.cause.confidence * 100)}%).`;
	const where: string[] = [];
	if (contact.form !== null) {
		where.push(
			`${partyName(contact)} takes support requests through a web form, not by email. ${submitAt(contact.form)}${options.voice === 'team' ? ' with the details below.' : '.'}`,
		);
	}
	if (contact.viaRelay) {
		where.push(
			'The request went through a relay (a third-party API service); its operator runs the account and may need to act first.',
		);
	}
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
	const body = [...intro, ...(where.length > 0 ? ['', ...where] : []), '', composeDetails(summary), '', ...outro].join(
		'\n',
	);
	return {
		to: contact.to,
		cc: contact.cc,
		subject: composeSubject(summary),
		body: truncate(redactString(body), EMAIL_BODY_MAX),
	};
}

const TRIMMED = '\n[trimmed to fit Discord; the full details are in this thread]';

/** The lines above the draft's code block: who to send it to (always an address or a web form when known). */
function draftHead(contact: SupportContact, lang: PosterLanguage): string[] {
	const name = partyName(contact);
	const desk = (address: string) => t(lang, 'handoff.deskTo', { to: oneLine(address) });
	if (contact.to !== null && !contact.toDesk) {
		return [
			t(lang, 'handoff.vendorEmail', { name }),
			t(lang, 'handoff.to', { to: oneLine(contact.to) }),
			...(contact.cc === null ? [] : [t(lang, 'handoff.cc', { cc: oneLine(contact.cc) })]),
		];
	}
	if (contact.form !== null) {
		const form = `<${contact.form}>`;
		return contact.to === null
			? [t(lang, 'handoff.formOnly', { name, form })]
			: [t(lang, 'handoff.formOrDesk', { name, form }), desk(contact.to)];
	}
	if (contact.to !== null) return [t(lang, 'handoff.deskOnly', { name }), desk(contact.to)];
	return [t(lang, 'handoff.noContact', { name })];
}

/**
 * The poster's ready-to-send email as one Discord message (≤ 2000 characters): the address (To: is always an email
 * address) or "Submit at <URL>" for a party with only a web form, the subject and the body in a code block they can
 * copy. The body is cut on a line boundary if it does not fit, and cannot close the code block early.
 */
export function composeUserDraft(
	summary: EscalationSummary,
	contact: SupportContact = contactOf(summary),
	lang: PosterLanguage = 'en',
): string {
	// The email itself stays in English (the vendor's support reads it); only the lines around it are the poster's.
	const email = composeSupportEmail(summary, { voice: 'owner', contact });
	const head = [
		...draftHead(contact, lang),
		t(lang, 'handoff.subject', { subject: `\`${email.subject.replace(/`/g, "'")}\`` }),
	];
	if (contact.viaRelay) head.push(t(lang, 'handoff.viaRelay'));
	if (summary.secretKinds.length > 0) head.push(t(lang, 'handoff.rotateKey'));
	const open = '```text\n';
	const close = '\n```';
	const prefix = `${escapeMentions(head.join('\n'))}\n${open}`;
	const room = DISCORD_MESSAGE_LIMIT - prefix.length - close.length;
	const body = defuseFences(email.body);
	const fitted = body.length <= room ? body : truncate(body, room, TRIMMED);
	return `${prefix}${fitted}${close}`;
}

/**
 * The hand-off message when there is no error to report (someone asked for a person before posting one): no vendor
 * draft, which would be near-empty, only that people will follow up here.
 */
export function composeHandoffNote(summary: EscalationSummary, lang: PosterLanguage = 'en'): string {
	const lines = [t(lang, 'handoff.noError'), t(lang, 'handoff.pasteError')];
	if (summary.secretKinds.length > 0) lines.push(t(lang, 'handoff.rotateKey'));
	return lines.join('\n');
}
