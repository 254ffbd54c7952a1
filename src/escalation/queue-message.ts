import { CATALOGUES, joinList, type MessageKey, type PosterLanguage, spokenLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT, escapeMentions, truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import { escalationCustomId, type QueueAction } from './custom-id.js';
import { type EmailRecipients, emailRecipients, recordContact } from './recipients.js';
import { oneLine } from './text.js';
import { type EscalationRecord, type EscalationStatus, type EscalationTrigger, isClosedStatus } from './types.js';

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

/** A button as data; the Discord layer turns it into a component. */
export interface QueueButton {
	readonly action: QueueAction;
	readonly label: string;
	readonly customId: string;
	readonly style: ButtonStyle;
}

/** The moderators' channel message for one escalation, in its current state. */
export interface QueueMessage {
	readonly status: EscalationStatus;
	/** Markdown, ≤ 2000 characters; user text in it cannot ping (still send with no allowed mentions). */
	readonly content: string;
	/** In display order, at most five (one action row). Empty once the escalation is closed. */
	readonly buttons: readonly QueueButton[];
}

export interface QueueMessageOptions {
	/** SMTP is configured: show "Email support" (when there is an email address to send to). */
	readonly emailConfigured: boolean;
	/** The community's desk (SUPPORT_EMAIL), the address of last resort. */
	readonly desk?: string | null;
	/** The moderators' language (MODERATOR_LANGUAGE); the poster's words and error text are quoted as written. */
	readonly lang?: PosterLanguage;
}

const statusLabel = (status: EscalationStatus, lang: PosterLanguage): string =>
	t(lang, `mod.status.${status}` as MessageKey);

/** A status as one word in the moderators' language (lists, "is now …"). */
export const statusName = (status: EscalationStatus, lang: PosterLanguage = 'en'): string =>
	t(lang, `mod.statusName.${status}` as MessageKey);

/**
 * How each trigger reads in the queue and in `show`. "Didn't help" is the button or the words ("still 403 after
 * that"): both are the owner saying the answer did not help.
 */
export const triggerLabel = (trigger: EscalationTrigger, lang: PosterLanguage = 'en'): string =>
	t(lang, `mod.trigger.${trigger}` as MessageKey);

/** A catalogue message named by an id from data (a secret kind, a missing item), or the id itself when it has none. */
const labelOr = (lang: PosterLanguage, key: string, id: string): string =>
	key in CATALOGUES.en ? t(lang, key as MessageKey) : id;

/**
 * The guessed entry's title in the moderators' language: its translation (`kb/i18n`) when the bot speaks that
 * language and the entry has one, else the English title.
 */
export const causeTitle = (cause: NonNullable<EscalationRecord['summary']['cause']>, lang: PosterLanguage): string =>
	cause.titles?.[spokenLanguage(lang)] ?? cause.title;

const SNOWFLAKE = /^\d{17,20}$/;

/** `<@id>` for Discord users (renders as their name), the plain name for operators and the bot. */
export const actorLabel = (id: string | null, name: string | null): string =>
	id !== null && SNOWFLAKE.test(id) ? `<@${id}>` : oneLine(name ?? id ?? 'someone');

const ts = (ms: number, style: 'f' | 'R'): string => `<t:${Math.floor(ms / 1000)}:${style}>`;

const safe = (text: string, max: number): string => escapeMentions(truncate(oneLine(redactString(text)), max));

function emailLine(e: EscalationRecord, lang: PosterLanguage): string | null {
	const to = e.supportTo === null ? t(lang, 'mod.email.support') : safe(e.supportTo, 120);
	if (e.emailMessageId !== null) {
		const when = e.emailSentAt === null ? '' : ` ${ts(e.emailSentAt, 'f')}`;
		const messageId = safe(e.emailMessageId, 120).replace(/`/g, "'");
		return t(lang, 'mod.email.sent', { to, when, messageId });
	}
	if (e.emailInFlightSince !== null) return t(lang, 'mod.email.sending');
	// The bot died mid-send: the server may have the message. Said apart from a failure, so nobody resends blindly.
	if (e.emailFailureCode === 'INTERRUPTED') return t(lang, 'mod.email.interrupted', { to, attempt: e.emailAttempts });
	if (e.emailAttempts > 0) {
		const retry =
			e.nextEmailAttemptAt === null ? '' : t(lang, 'mod.email.nextTry', { when: ts(e.nextEmailAttemptAt, 'R') });
		const why = e.emailLastError === null ? '' : t(lang, 'mod.email.why', { error: safe(e.emailLastError, 200) });
		return t(lang, 'mod.email.failed', { attempt: e.emailAttempts, why, retry });
	}
	return null;
}

/**
 * Who the escalation is addressed to, as moderators need to see it: the To: address (and Cc:), or "Submit at
 * <URL>" when the acting party takes requests only through a web form.
 */
export function contactLine(
	e: EscalationRecord,
	recipients: EmailRecipients | null,
	lang: PosterLanguage = 'en',
): string {
	const contact = recordContact(e);
	const who = contact.party === null ? null : safe(contact.party.name, 60);
	const parts: string[] = [];
	if (recipients !== null && !recipients.toDesk) {
		const address = safe(recipients.to, 120);
		parts.push(
			who === null ? t(lang, 'mod.contact.to', { address }) : t(lang, 'mod.contact.toParty', { address, party: who }),
		);
		if (recipients.cc !== null) parts.push(t(lang, 'mod.contact.cc', { address: safe(recipients.cc, 120) }));
		return parts.join(' · ');
	}
	if (contact.form !== null)
		parts.push(
			t(lang, 'mod.contact.formOnly', { party: who ?? t(lang, 'mod.contact.theProvider'), url: contact.form }),
		);
	else parts.push(t(lang, 'mod.contact.none', { party: who ?? t(lang, 'mod.contact.thisProvider') }));
	if (recipients !== null) parts.push(t(lang, 'mod.contact.toDesk', { address: safe(recipients.to, 120) }));
	return parts.join(' · ');
}

/**
 * The pure content of the moderators' queue message and its buttons, for the escalation's state, in the moderators'
 * language; what the poster wrote (title, error, words) is quoted as written.
 */
export function buildQueueMessage(e: EscalationRecord, options: QueueMessageOptions): QueueMessage {
	const lang = options.lang ?? 'en';
	const s = e.summary;
	const thread = `[${safe(s.threadTitle, 100).replace(/[[\]]/g, '')}](<${s.threadLink}>)`;
	const lines: string[] = [
		queueHeading(e.id, lang, statusLabel(e.status, lang)),
		t(lang, 'mod.queue.thread', { thread, owner: actorLabel(s.ownerId, s.ownerName) }),
		t(lang, 'mod.queue.why', { trigger: triggerLabel(e.trigger, lang) }),
		s.cause === null
			? t(lang, 'mod.queue.causeNone')
			: t(lang, 'mod.queue.cause', {
					cause: safe(causeTitle(s.cause, lang), 120),
					percent: String(Math.round(s.cause.confidence * 100)),
				}),
	];
	if (s.error !== null) {
		const head = [s.error.status === null ? null : `HTTP ${s.error.status}`, s.error.code].filter(Boolean).join(' · ');
		const message = s.error.message === null ? '' : ` — ${safe(s.error.message, 240)}`;
		const error = `${head === '' ? t(lang, 'mod.queue.errorSeeExcerpt') : safe(head, 120)}${message}`;
		lines.push(t(lang, 'mod.queue.error', { error }));
	} else {
		lines.push(t(lang, 'mod.queue.errorNone'));
	}
	const model = s.model === null ? t(lang, 'mod.queue.modelNone') : safe(s.model, 80);
	// A route is a product name (openrouter, relay …), written as is; only "unknown" is a word to translate.
	const route = s.route === 'unknown' ? t(lang, 'mod.queue.routeUnknown') : s.route;
	lines.push(t(lang, 'mod.queue.modelRoute', { model, route }));
	if (s.posterWords !== null && s.posterWords !== undefined)
		lines.push(t(lang, 'mod.queue.words', { words: safe(s.posterWords, 300) }));
	lines.push(contactLine(e, emailRecipients(e, options.desk), lang));
	if (s.missing.length > 0) {
		const list = joinList(
			lang,
			s.missing.map((m) => labelOr(lang, `missingShort.${m}`, m)),
		);
		lines.push(t(lang, 'mod.queue.missing', { list }));
	}
	if (s.secretKinds.length > 0) {
		const kinds = joinList(
			lang,
			s.secretKinds.map((k) => labelOr(lang, `secret.${k}`, k)),
		);
		lines.push(t(lang, 'mod.queue.secrets', { kinds }));
	}
	if (e.claimedBy !== null)
		lines.push(t(lang, 'mod.queue.claimedBy', { who: actorLabel(e.claimedBy, e.claimedByName) }));
	const email = emailLine(e, lang);
	if (email !== null) lines.push(email);
	if (isClosedStatus(e.status)) {
		const who = actorLabel(e.closedBy, e.closedByName);
		const when = e.closedAt === null ? '' : ` ${ts(e.closedAt, 'R')}`;
		lines.push(t(lang, 'mod.queue.closedBy', { status: e.status, who, when }));
	}
	if (e.note !== null) lines.push(t(lang, 'mod.queue.note', { note: safe(e.note, 300) }));
	return {
		status: e.status,
		content: truncate(lines.join('\n'), DISCORD_MESSAGE_LIMIT),
		buttons: queueButtons(e, options),
	};
}

/**
 * The first line of an escalation's queue message; `findHeldQueueMessage` recognises it in every language, so a
 * restart finds a queue message whatever MODERATOR_LANGUAGE was when it was posted.
 */
export const queueHeading = (id: number, lang: PosterLanguage, status: string): string =>
	t(lang, 'mod.queue.heading', { id: String(id), status });

/** Which buttons the queue message shows in the escalation's state, labelled in the moderators' language. */
export function queueButtons(e: EscalationRecord, options: QueueMessageOptions): QueueButton[] {
	if (isClosedStatus(e.status)) return [];
	const lang = options.lang ?? 'en';
	const button = (action: QueueAction, label: MessageKey, style: ButtonStyle): QueueButton => ({
		action,
		label: t(lang, label),
		customId: escalationCustomId(action, e.id),
		style,
	});
	const buttons: QueueButton[] = [];
	if (e.claimedBy === null) buttons.push(button('claim', 'mod.button.claim', 'primary'));
	// No address, no button: a party with only a web form is reached through the form the message names.
	const recipients = emailRecipients(e, options.desk);
	if (options.emailConfigured && recipients !== null && e.emailMessageId === null && e.status !== 'emailed') {
		const label =
			e.emailFailureCode === 'INTERRUPTED'
				? 'mod.button.resendEmail'
				: e.emailAttempts > 0
					? 'mod.button.retryEmail'
					: recipients.toDesk
						? 'mod.button.emailDesk'
						: 'mod.button.emailSupport';
		buttons.push(button('email', label, 'secondary'));
	}
	buttons.push(button('resolve', 'mod.button.resolve', 'success'));
	buttons.push(button('dismiss', 'mod.button.dismiss', 'danger'));
	buttons.push(button('unmute', 'mod.button.unmute', 'secondary'));
	return buttons;
}

/** One sentence on where an escalation stands; the answer to a stale button or a refused action. */
export function describeStatus(e: EscalationRecord, lang: PosterLanguage = 'en'): string {
	const id = String(e.id);
	switch (e.status) {
		case 'open':
			return t(lang, 'mod.describe.open', { id });
		case 'claimed':
			return t(lang, 'mod.describe.claimed', { id, who: actorLabel(e.claimedBy, e.claimedByName) });
		case 'emailed':
			return t(lang, 'mod.describe.emailed', { id, when: e.emailSentAt === null ? '' : ` ${ts(e.emailSentAt, 'R')}` });
		case 'resolved':
		case 'dismissed':
			return e.closedBy === null
				? t(lang, 'mod.describe.closed', { id, status: e.status })
				: t(lang, 'mod.describe.closedBy', { id, status: e.status, who: actorLabel(e.closedBy, e.closedByName) });
	}
}
