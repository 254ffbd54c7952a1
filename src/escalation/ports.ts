import type { Actor, AuditAction, AuditEntry, EscalationRecord, EscalationStatus, MailFailureCode } from './types.js';

/** What the service writes when it creates an escalation. All text already redacted. */
export type NewEscalation = Pick<
	EscalationRecord,
	| 'threadId'
	| 'episode'
	| 'trigger'
	| 'cause'
	| 'confidence'
	| 'summary'
	| 'conversation'
	| 'supportTo'
	| 'emailSubject'
	| 'emailBody'
>;

/** An audit row to write in the same transaction as a change. */
export interface NewAuditEntry {
	readonly actor: Actor;
	readonly action: AuditAction;
	readonly detail: string | null;
}

/** The fields a save may change; the rest of a record is fixed at creation. */
export type EscalationChanges = Pick<
	EscalationRecord,
	| 'status'
	| 'claimedBy'
	| 'claimedByName'
	| 'note'
	| 'supportTo'
	| 'emailMessageId'
	| 'emailSentAt'
	| 'emailAttempts'
	| 'emailLastError'
	| 'emailFailureCode'
	| 'emailInFlightSince'
	| 'nextEmailAttemptAt'
	| 'modMessageId'
	| 'closedBy'
	| 'closedByName'
	| 'closedAt'
>;

export interface ListQuery {
	readonly status?: EscalationStatus;
	readonly limit: number;
	readonly offset: number;
}

/** Escalations and their audit trail; implemented by `store/escalations.ts`. All methods are synchronous. */
export interface EscalationStore {
	/**
	 * Inserts the escalation and its first audit row atomically. Returns null (and writes nothing)
	 * when the thread already has an escalation for that episode.
	 */
	create(escalation: NewEscalation, audit: NewAuditEntry, now: number): EscalationRecord | null;
	get(id: number): EscalationRecord | null;
	/** The thread's escalation with the highest episode, or null. */
	latestForThread(threadId: string): EscalationRecord | null;
	/** Newest first. */
	list(query: ListQuery): EscalationRecord[];
	count(status?: EscalationStatus): number;
	/**
	 * Writes `changes` (and the audit row, if any) atomically, only if the stored revision is still
	 * `expectedRevision`. Returns the updated record, or null when someone else changed it first.
	 */
	save(
		id: number,
		changes: EscalationChanges,
		expectedRevision: number,
		audit: NewAuditEntry | null,
		now: number,
	): EscalationRecord | null;
	/** Audit rows of an escalation, oldest first. */
	listAudit(escalationId: number): AuditEntry[];
	/** Not-yet-sent escalations whose next email attempt is due at `now`, oldest due first. */
	listEmailDue(now: number, limit: number): EscalationRecord[];
	/**
	 * Open (not closed) escalations a process that started at `startedAt` left unfinished: created before it with no
	 * moderators' queue message yet, or with an email send under way since before it. Oldest first.
	 */
	listUnfinished(startedAt: number, limit: number): EscalationRecord[];
}

/** One email to send. */
export interface OutgoingMail {
	/**
	 * The left part of the Message-ID (the mailer adds `@` and the sender's domain), derived from the escalation so a
	 * repeated send of the same email carries the same id (mail systems drop a second copy by it). Absent: the
	 * transport makes one.
	 */
	readonly messageIdKey?: string;
	/** One email address. */
	readonly to: string;
	/** The community's desk, copied beside the acting party. */
	readonly cc?: string;
	readonly subject: string;
	readonly text: string;
	readonly replyTo?: string;
}

/** Sends email; implemented by `mail/smtp-mailer.ts` (nodemailer). Throws MailSendError on failure. */
export interface Mailer {
	send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** A classified email failure, as the mailer adapter reports it and the service stores it. */
export interface MailFailure {
	readonly code: MailFailureCode;
	/** The SMTP reply code (e.g. 550, 421), when the server answered. */
	readonly responseCode: number | null;
	/** Short, redacted description for moderators. */
	readonly message: string;
	/** Whether trying again later can help (4xx replies, connection trouble, timeouts). */
	readonly retryable: boolean;
}

/** The typed failure a Mailer throws. */
export class MailSendError extends Error {
	override readonly name = 'MailSendError';
	readonly code: MailFailureCode;
	readonly responseCode: number | null;
	readonly retryable: boolean;
	constructor(failure: MailFailure, options?: { cause?: unknown }) {
		super(failure.message, options);
		this.code = failure.code;
		this.responseCode = failure.responseCode;
		this.retryable = failure.retryable;
	}

	toFailure(): MailFailure {
		return { code: this.code, responseCode: this.responseCode, message: this.message, retryable: this.retryable };
	}
}

/** The shared `Clock` (src/model.ts), re-exported for the service's imports. */
export type { Clock } from '../model.js';
