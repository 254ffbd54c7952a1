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
}

const STATUS_LABEL: Record<EscalationStatus, string> = {
	open: '🟠 Open',
	claimed: '🔵 Claimed',
	emailed: '📧 Emailed support',
	resolved: '✅ Resolved',
	dismissed: '⚪ Dismissed',
};

/** How each trigger reads in the queue and in `show`. */
export const TRIGGER_LABEL: Record<EscalationTrigger, string> = {
	// The button or the words ("still 403 after that"): both are the owner saying the answer did not help.
	didnt_help: "owner said the answer didn't help",
	asked_for_human: 'owner asked for a person',
	low_confidence: 'no confident answer after full details',
	vendor_needed: 'fix needs the vendor',
	moderator: 'escalated by a moderator',
};

const SNOWFLAKE = /^\d{17,20}$/;

/** `<@id>` for Discord users (renders as their name), the plain name for operators and the bot. */
export const actorLabel = (id: string | null, name: string | null): string =>
	id !== null && SNOWFLAKE.test(id) ? `<@${id}>` : oneLine(name ?? id ?? 'someone');

const ts = (ms: number, style: 'f' | 'R'): string => `<t:${Math.floor(ms / 1000)}:${style}>`;

const safe = (text: string, max: number): string => escapeMentions(truncate(oneLine(redactString(text)), max));

function emailLine(e: EscalationRecord): string | null {
	if (e.emailMessageId !== null) {
		const when = e.emailSentAt === null ? '' : ` ${ts(e.emailSentAt, 'f')}`;
		return `**Email:** sent to ${safe(e.supportTo ?? 'support', 120)}${when} (Message-ID \`${safe(e.emailMessageId, 120).replace(/`/g, "'")}\`)`;
	}
	if (e.emailInFlightSince !== null) return '**Email:** sending…';
	// The bot died mid-send: the server may have the message. Said apart from a failure, so nobody resends blindly.
	if (e.emailFailureCode === 'INTERRUPTED') {
		const to = e.supportTo === null ? 'support' : safe(e.supportTo, 120);
		return `**Email:** ⚠️ may not have been sent: the bot stopped during the send to ${to} (attempt ${e.emailAttempts}). Check the support inbox (or ask the recipient) before resending; a resend carries the same Message-ID.`;
	}
	if (e.emailAttempts > 0) {
		const retry = e.nextEmailAttemptAt === null ? '' : `; next try ${ts(e.nextEmailAttemptAt, 'R')}`;
		const why = e.emailLastError === null ? '' : `: ${safe(e.emailLastError, 200)}`;
		return `**Email:** ⚠️ failed (attempt ${e.emailAttempts}${why})${retry}`;
	}
	return null;
}

/**
 * Who the escalation is addressed to, as moderators need to see it: the To: address (and Cc:), or "Submit at
 * <URL>" when the acting party takes requests only through a web form.
 */
export function contactLine(e: EscalationRecord, recipients: EmailRecipients | null): string {
	const contact = recordContact(e);
	const who = contact.party === null ? null : safe(contact.party.name, 60);
	const parts: string[] = [];
	if (recipients !== null && !recipients.toDesk) {
		parts.push(`**To:** ${safe(recipients.to, 120)}${who === null ? '' : ` (${who})`}`);
		if (recipients.cc !== null) parts.push(`**Cc:** ${safe(recipients.cc, 120)} (support desk)`);
		return parts.join(' · ');
	}
	if (contact.form !== null)
		parts.push(`**Contact:** ${who ?? 'the provider'} has only a web form: Submit at <${contact.form}>`);
	else parts.push(`**Contact:** no support address or form is documented for ${who ?? 'this provider'}`);
	if (recipients !== null) parts.push(`**To:** ${safe(recipients.to, 120)} (support desk)`);
	return parts.join(' · ');
}

/** The pure content of the moderators' queue message and its buttons, for the escalation's state. */
export function buildQueueMessage(e: EscalationRecord, options: QueueMessageOptions): QueueMessage {
	const s = e.summary;
	const lines: string[] = [
		`**Escalation #${e.id}** · ${STATUS_LABEL[e.status]}`,
		`**Thread:** [${safe(s.threadTitle, 100).replace(/[[\]]/g, '')}](<${s.threadLink}>) · **Owner:** ${actorLabel(s.ownerId, s.ownerName)}`,
		`**Why:** ${TRIGGER_LABEL[e.trigger]}`,
		`**Likely cause:** ${s.cause === null ? 'none identified' : `${safe(s.cause.title, 120)} (${Math.round(s.cause.confidence * 100)}%)`}`,
	];
	if (s.error !== null) {
		const head = [s.error.status === null ? null : `HTTP ${s.error.status}`, s.error.code].filter(Boolean).join(' · ');
		const message = s.error.message === null ? '' : ` — ${safe(s.error.message, 240)}`;
		lines.push(`**Error:** ${head === '' ? 'see excerpt' : safe(head, 120)}${message}`);
	} else {
		lines.push('**Error:** none provided');
	}
	lines.push(`**Model:** ${s.model === null ? 'not stated' : safe(s.model, 80)} · **Route:** ${s.route}`);
	if (s.posterWords !== null && s.posterWords !== undefined)
		lines.push(`**In their words:** ${safe(s.posterWords, 300)}`);
	lines.push(contactLine(e, emailRecipients(e, options.desk)));
	if (s.missing.length > 0) lines.push(`**Still missing:** ${s.missing.join(', ')}`);
	if (s.secretKinds.length > 0)
		lines.push(`**Key pasted (hidden):** ${s.secretKinds.join(', ')} — tell them to rotate it`);
	if (e.claimedBy !== null) lines.push(`**Claimed by:** ${actorLabel(e.claimedBy, e.claimedByName)}`);
	const email = emailLine(e);
	if (email !== null) lines.push(email);
	if (isClosedStatus(e.status)) {
		const by = actorLabel(e.closedBy, e.closedByName);
		const when = e.closedAt === null ? '' : ` ${ts(e.closedAt, 'R')}`;
		lines.push(`**${e.status === 'resolved' ? 'Resolved' : 'Dismissed'} by** ${by}${when}`);
	}
	if (e.note !== null) lines.push(`**Note:** ${safe(e.note, 300)}`);
	return {
		status: e.status,
		content: truncate(lines.join('\n'), DISCORD_MESSAGE_LIMIT),
		buttons: queueButtons(e, options),
	};
}

/** Which buttons the queue message shows in the escalation's state. */
export function queueButtons(e: EscalationRecord, options: QueueMessageOptions): QueueButton[] {
	if (isClosedStatus(e.status)) return [];
	const button = (action: QueueAction, label: string, style: ButtonStyle): QueueButton => ({
		action,
		label,
		customId: escalationCustomId(action, e.id),
		style,
	});
	const buttons: QueueButton[] = [];
	if (e.claimedBy === null) buttons.push(button('claim', 'Claim', 'primary'));
	// No address, no button: a party with only a web form is reached through the form the message names.
	const recipients = emailRecipients(e, options.desk);
	if (options.emailConfigured && recipients !== null && e.emailMessageId === null && e.status !== 'emailed') {
		const label =
			e.emailFailureCode === 'INTERRUPTED'
				? 'Resend email (check inbox first)'
				: e.emailAttempts > 0
					? 'Retry email'
					: recipients.toDesk
						? 'Email desk'
						: 'Email support';
		buttons.push(button('email', label, 'secondary'));
	}
	buttons.push(button('resolve', 'Resolve', 'success'));
	buttons.push(button('dismiss', 'Dismiss', 'danger'));
	buttons.push(button('unmute', 'Unmute bot', 'secondary'));
	return buttons;
}

/** One sentence on where an escalation stands; the answer to a stale button or a refused action. */
export function describeStatus(e: EscalationRecord): string {
	switch (e.status) {
		case 'open':
			return `Escalation #${e.id} is open and unclaimed.`;
		case 'claimed':
			return `Escalation #${e.id} is claimed by ${actorLabel(e.claimedBy, e.claimedByName)}.`;
		case 'emailed':
			return `Escalation #${e.id} was emailed to support${e.emailSentAt === null ? '' : ` ${ts(e.emailSentAt, 'R')}`}.`;
		case 'resolved':
		case 'dismissed':
			return `Escalation #${e.id} is already ${e.status}${e.closedBy === null ? '' : ` by ${actorLabel(e.closedBy, e.closedByName)}`}.`;
	}
}
