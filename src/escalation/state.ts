import { type PosterLanguage, t } from '../i18n/messages.js';
import { isEmailAddress } from '../kb/vendors.js';
import { truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import type { EscalationChanges } from './ports.js';
import { describeStatus } from './queue-message.js';
import { noAddressMessage } from './recipients.js';
import { oneLine } from './text.js';
import {
	type Actor,
	type AuditAction,
	type EscalationRecord,
	isClosedStatus,
	type MailFailureCode,
	type StatusAction,
} from './types.js';

export type RefusalReason =
	| 'ALREADY_CLAIMED'
	| 'CLOSED'
	| 'NOT_CLOSED'
	| 'SUPERSEDED'
	| 'ALREADY_SENT'
	| 'IN_FLIGHT'
	| 'BACKING_OFF'
	| 'NO_ADDRESS';

export type Transition =
	| {
			readonly ok: true;
			readonly changes: EscalationChanges;
			readonly action: AuditAction;
			readonly detail: string | null;
	  }
	| { readonly ok: false; readonly reason: RefusalReason; readonly message: string };

/** Longest moderator note kept. */
export const NOTE_MAX = 500;

/** The mutable fields of a record, to copy and change. */
export const changesOf = (e: EscalationRecord): EscalationChanges => ({
	status: e.status,
	claimedBy: e.claimedBy,
	claimedByName: e.claimedByName,
	note: e.note,
	supportTo: e.supportTo,
	emailMessageId: e.emailMessageId,
	emailSentAt: e.emailSentAt,
	emailAttempts: e.emailAttempts,
	emailLastError: e.emailLastError,
	emailFailureCode: e.emailFailureCode,
	emailInFlightSince: e.emailInFlightSince,
	nextEmailAttemptAt: e.nextEmailAttemptAt,
	modMessageId: e.modMessageId,
	closedBy: e.closedBy,
	closedByName: e.closedByName,
	closedAt: e.closedAt,
});

/** A moderator note, redacted, on one line and bounded; null when empty. */
export const cleanNote = (note: string | null | undefined): string | null => {
	if (note === null || note === undefined) return null;
	const clean = truncate(oneLine(redactString(note)), NOTE_MAX);
	return clean === '' ? null : clean;
};

const refuse = (reason: RefusalReason, message: string): Transition => ({ ok: false, reason, message });

/** The status change a moderator action makes, or why it is refused (with the current state, in `lang`). */
export function transition(
	e: EscalationRecord,
	action: StatusAction,
	actor: Actor,
	now: number,
	note?: string | null,
	lang: PosterLanguage = 'en',
): Transition {
	const base = changesOf(e);
	const closed = isClosedStatus(e.status);
	switch (action) {
		case 'claim': {
			if (closed) return refuse('CLOSED', describeStatus(e, lang));
			if (e.claimedBy !== null) {
				return refuse(
					'ALREADY_CLAIMED',
					e.claimedBy === actor.id ? t(lang, 'mod.alreadyClaimedByYou', { id: String(e.id) }) : describeStatus(e, lang),
				);
			}
			return {
				ok: true,
				changes: {
					...base,
					status: e.status === 'open' ? 'claimed' : e.status,
					claimedBy: actor.id,
					claimedByName: oneLine(actor.name),
				},
				action: 'claimed',
				detail: null,
			};
		}
		case 'resolve':
		case 'dismiss': {
			if (closed) return refuse('CLOSED', describeStatus(e, lang));
			const cleaned = cleanNote(note);
			return {
				ok: true,
				changes: {
					...base,
					status: action === 'resolve' ? 'resolved' : 'dismissed',
					note: cleaned ?? e.note,
					closedBy: actor.id,
					closedByName: oneLine(actor.name),
					closedAt: now,
				},
				action: action === 'resolve' ? 'resolved' : 'dismissed',
				detail: cleaned,
			};
		}
		case 'reopen': {
			if (!closed) return refuse('NOT_CLOSED', describeStatus(e, lang));
			const status = e.emailMessageId !== null ? 'emailed' : e.claimedBy !== null ? 'claimed' : 'open';
			return {
				ok: true,
				changes: { ...base, status, closedBy: null, closedByName: null, closedAt: null },
				action: 'reopened',
				detail: cleanNote(note),
			};
		}
	}
}

/** A send that has not reported back within this long is presumed dead (the process crashed mid-send). */
export const EMAIL_LEASE_MS = 10 * 60_000;
/** Automatic retries stop after this many attempts; a moderator can still press "Retry email". */
export const MAX_EMAIL_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** Delay before the next attempt after `failures` failed attempts: 1 min × 2^(n−1), capped at 1 h. */
export function emailBackoffMs(failures: number): number {
	const n = Math.max(1, Math.floor(failures));
	return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
}

/** Failure kinds that can clear up on their own, and so are retried automatically. */
export const isRetryableFailure = (code: MailFailureCode | null): boolean =>
	code === 'TEMPORARY' || code === 'CONNECTION' || code === 'TIMEOUT' || code === 'UNKNOWN';

/**
 * Whether an email may be sent now. Never twice: an escalation with a Message-ID is never sent again;
 * one send at a time (a lease); failures wait out their back-off; only ever to an email address.
 */
export function emailGate(
	e: EscalationRecord,
	to: string | null,
	now: number,
	lang: PosterLanguage = 'en',
): { ok: true; to: string } | { ok: false; reason: RefusalReason; message: string; retryAt?: number } {
	if (e.emailMessageId !== null) {
		return { ok: false, reason: 'ALREADY_SENT', message: t(lang, 'mod.alreadyEmailed', { id: String(e.id) }) };
	}
	if (isClosedStatus(e.status)) return { ok: false, reason: 'CLOSED', message: describeStatus(e, lang) };
	if (!isEmailAddress(to)) return { ok: false, reason: 'NO_ADDRESS', message: noAddressMessage(e, lang) };
	if (e.emailInFlightSince !== null && now - e.emailInFlightSince < EMAIL_LEASE_MS) {
		return { ok: false, reason: 'IN_FLIGHT', message: t(lang, 'mod.emailInFlight', { id: String(e.id) }) };
	}
	if (e.nextEmailAttemptAt !== null && now < e.nextEmailAttemptAt) {
		return {
			ok: false,
			reason: 'BACKING_OFF',
			message: t(lang, 'mod.emailBackingOff', { when: `<t:${Math.floor(e.nextEmailAttemptAt / 1000)}:R>` }),
			retryAt: e.nextEmailAttemptAt,
		};
	}
	return { ok: true, to: to.trim() };
}
