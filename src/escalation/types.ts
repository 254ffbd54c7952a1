import type { EscalationSummary } from './summary.js';

/** Why a thread was handed to people. */
export const ESCALATION_TRIGGERS = [
	'didnt_help',
	'asked_for_human',
	'low_confidence',
	'vendor_needed',
	'moderator',
] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

/** Lifecycle of an escalation: open → claimed → emailed → resolved | dismissed (reopen goes back). */
export const ESCALATION_STATUSES = ['open', 'claimed', 'emailed', 'resolved', 'dismissed'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** Everything a moderator can do to an escalation: queue buttons, `/escalations` subcommands, the CLI. */
export const MODERATOR_ACTIONS = ['claim', 'email', 'resolve', 'dismiss', 'reopen', 'unmute'] as const;
export type ModeratorAction = (typeof MODERATOR_ACTIONS)[number];
/** The actions that move an escalation's status by `transition` (email has its own gate; unmute is the thread's). */
export type StatusAction = Extract<ModeratorAction, 'claim' | 'resolve' | 'dismiss' | 'reopen'>;

/** An escalation in one of these is finished; the thread's episode ends when the owner posts again. */
export const isClosedStatus = (status: EscalationStatus): boolean => status === 'resolved' || status === 'dismissed';

/** What the audit trail records. */
export const AUDIT_ACTIONS = [
	'escalated',
	'claimed',
	'emailed',
	'email_failed',
	'resolved',
	'dismissed',
	'reopened',
	'unmuted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did something: a Discord user (`id` a snowflake), an operator (`cli:<name>`) or the bot itself. */
export interface Actor {
	readonly id: string;
	readonly name: string;
}

/** The bot, as the actor of automatic steps (creation on low confidence, email retries). */
export const SYSTEM_ACTOR: Actor = { id: 'doorman', name: 'Doorman' };

/** Why the last email attempt failed, as classified by the mailer adapter. */
/** `INTERRUPTED`: the bot stopped during the send, so whether it went out is unknown; never retried on its own. */
export const MAIL_FAILURE_CODES = [
	'REJECTED',
	'TEMPORARY',
	'AUTH',
	'CONNECTION',
	'TIMEOUT',
	'TLS',
	'UNKNOWN',
	'INTERRUPTED',
] as const;
export type MailFailureCode = (typeof MAIL_FAILURE_CODES)[number];

/** A stored escalation. Every free-text field is redacted before it is stored. */
export interface EscalationRecord {
	readonly id: number;
	readonly threadId: string;
	readonly episode: number;
	readonly trigger: EscalationTrigger;
	readonly status: EscalationStatus;
	readonly claimedBy: string | null;
	readonly claimedByName: string | null;
	/** Knowledge-base entry id guessed as the cause, or null. */
	readonly cause: string | null;
	/** Matcher confidence in `cause`, 0..1, or null. */
	readonly confidence: number | null;
	readonly summary: EscalationSummary;
	readonly conversation: string;
	readonly supportTo: string | null;
	readonly emailSubject: string;
	readonly emailBody: string;
	readonly emailMessageId: string | null;
	readonly emailSentAt: number | null;
	readonly emailAttempts: number;
	readonly emailLastError: string | null;
	readonly emailFailureCode: MailFailureCode | null;
	readonly emailInFlightSince: number | null;
	readonly nextEmailAttemptAt: number | null;
	readonly modMessageId: string | null;
	readonly note: string | null;
	readonly closedBy: string | null;
	readonly closedByName: string | null;
	readonly closedAt: number | null;
	/** Optimistic-concurrency counter, bumped by every save. */
	readonly revision: number;
	readonly createdAt: number;
	readonly updatedAt: number;
}

/** One line of the audit trail. */
export interface AuditEntry {
	readonly id: number;
	readonly escalationId: number;
	readonly actorId: string;
	readonly actorName: string;
	readonly action: AuditAction;
	readonly detail: string | null;
	readonly at: number;
}
