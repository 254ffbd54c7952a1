import { type PosterLanguage, t } from '../i18n/messages.js';
import { truncate } from '../message-text.js';
import { redactString } from '../triage/redact-secrets.js';
import { type MailFailure, MailSendError } from './ports.js';
import type { QueueMessage } from './queue-message.js';
import { emailRecipients } from './recipients.js';
import { type ActionResult, auditEntry, mutate, type ServiceContext } from './service-context.js';
import {
	changesOf,
	EMAIL_LEASE_MS,
	emailBackoffMs,
	emailGate,
	isRetryableFailure,
	MAX_EMAIL_ATTEMPTS,
} from './state.js';
import { oneLine } from './text.js';
import { type Actor, type EscalationRecord, SYSTEM_ACTOR } from './types.js';

export type EmailResult =
	| {
			readonly kind: 'sent';
			readonly escalation: EscalationRecord;
			readonly messageId: string;
			readonly queue: QueueMessage;
	  }
	| {
			readonly kind: 'failed';
			readonly escalation: EscalationRecord;
			readonly failure: MailFailure;
			readonly retryAt: number;
			readonly queue: QueueMessage;
	  }
	| { readonly kind: 'not_configured'; readonly message: string }
	| Exclude<ActionResult, { kind: 'ok' }>;

/** What a send cut short by the process's death is recorded as. */
const INTERRUPTED_SEND: MailFailure = {
	code: 'INTERRUPTED',
	responseCode: null,
	message:
		'the bot stopped during the send, so it may have gone out: check the support inbox before pressing Retry email',
	retryable: false,
};

/**
 * The left part of the email's Message-ID, fixed per escalation: every send of it (a moderator's retry after an
 * interrupted send) carries the same id, which mail systems use to drop a duplicate.
 */
export const emailMessageIdKey = (e: EscalationRecord): string =>
	`doorman-escalation-${e.id}-${e.createdAt}.${e.threadId}`;

const failureFromError = (error: unknown): MailFailure =>
	error instanceof MailSendError
		? error.toFailure()
		: {
				code: 'UNKNOWN',
				responseCode: null,
				message: error instanceof Error ? error.message : String(error),
				retryable: true,
			};

const alreadySent = (e: EscalationRecord, lang: PosterLanguage) =>
	({ ok: false, reason: 'ALREADY_SENT', message: t(lang, 'mod.alreadyEmailed', { id: String(e.id) }) }) as const;

/** Records a successful send (Message-ID and time); the escalation can never be emailed again. */
export function markEmailed(
	ctx: ServiceContext,
	id: number,
	messageId: string,
	actor: Actor = SYSTEM_ACTOR,
): ActionResult {
	return mutate(ctx, id, (e, now) => {
		if (e.emailMessageId !== null) return alreadySent(e, ctx.lang);
		const status = e.status === 'open' || e.status === 'claimed' ? 'emailed' : e.status;
		return {
			ok: true,
			changes: {
				...changesOf(e),
				status,
				emailMessageId: messageId,
				emailSentAt: now,
				emailInFlightSince: null,
				nextEmailAttemptAt: null,
				emailLastError: null,
				emailFailureCode: null,
			},
			audit: auditEntry(
				actor,
				'emailed',
				`to ${emailRecipients(e, ctx.desk)?.to ?? e.supportTo ?? '?'}; Message-ID ${messageId}`,
			),
		};
	});
}

/** Records a failed send and schedules the next try: 1 min × 2^(n−1), capped at 1 h. */
export function recordEmailFailure(
	ctx: ServiceContext,
	id: number,
	failure: MailFailure,
	actor: Actor = SYSTEM_ACTOR,
): ActionResult {
	return mutate(ctx, id, (e, now) => {
		if (e.emailMessageId !== null) return alreadySent(e, ctx.lang);
		// A failure reported without a send under way still counts as an attempt.
		const attempts = e.emailInFlightSince === null ? e.emailAttempts + 1 : e.emailAttempts;
		const retryAt = now + emailBackoffMs(attempts);
		const code = failure.responseCode === null ? failure.code : `${failure.code} ${failure.responseCode}`;
		const message = truncate(oneLine(redactString(failure.message)), 300);
		return {
			ok: true,
			changes: {
				...changesOf(e),
				emailAttempts: attempts,
				emailLastError: `${code}: ${message}`,
				emailFailureCode: failure.code,
				emailInFlightSince: null,
				nextEmailAttemptAt: retryAt,
			},
			audit: auditEntry(actor, 'email_failed', `attempt ${attempts}, ${code}: ${message}`),
		};
	});
}

/**
 * Records a send the process's death cut short. Unlike a failure it sets no next attempt: nothing retries it on its
 * own, and "Retry email" is open to a moderator at once.
 */
function recordInterruptedSend(ctx: ServiceContext, id: number): ActionResult {
	return mutate(ctx, id, (e) => {
		if (e.emailMessageId !== null) return alreadySent(e, ctx.lang);
		const detail = `${INTERRUPTED_SEND.code}: ${INTERRUPTED_SEND.message}`;
		return {
			ok: true,
			changes: {
				...changesOf(e),
				emailLastError: detail,
				emailFailureCode: INTERRUPTED_SEND.code,
				emailInFlightSince: null,
				nextEmailAttemptAt: null,
			},
			audit: auditEntry(SYSTEM_ACTOR, 'email_failed', `attempt ${e.emailAttempts}, ${detail}`),
		};
	});
}

/**
 * Sends the stored support email once: takes a send lease (so a second press or process waits),
 * sends through the Mailer, then records the Message-ID or the failure with its back-off.
 */
export async function sendEmail(ctx: ServiceContext, id: number, actor: Actor): Promise<EmailResult> {
	const { mailer } = ctx;
	if (mailer === null) {
		return {
			kind: 'not_configured',
			message: t(ctx.lang, 'mod.emailNotConfigured'),
		};
	}
	let to = '';
	let cc: string | null = null;
	const began = mutate(ctx, id, (e, now) => {
		const recipients = emailRecipients(e, ctx.desk);
		const gate = emailGate(e, recipients?.to ?? null, now, ctx.lang);
		if (!gate.ok) return gate;
		to = gate.to;
		cc = recipients?.cc ?? null;
		return {
			ok: true,
			changes: { ...changesOf(e), emailInFlightSince: now, emailAttempts: e.emailAttempts + 1 },
			audit: null,
		};
	});
	if (began.kind !== 'ok') return began;
	const e = began.escalation;
	try {
		const copy: string | null = cc;
		const sent = await mailer.send({
			messageIdKey: emailMessageIdKey(e),
			to,
			subject: e.emailSubject,
			text: e.emailBody,
			...(copy === null ? {} : { cc: copy }),
			...(ctx.replyTo === null ? {} : { replyTo: ctx.replyTo }),
		});
		const marked = markEmailed(ctx, id, sent.messageId, actor);
		if (marked.kind !== 'ok') return marked;
		return { kind: 'sent', escalation: marked.escalation, messageId: sent.messageId, queue: marked.queue };
	} catch (error) {
		const failure = failureFromError(error);
		const recorded = recordEmailFailure(ctx, id, failure, actor);
		if (recorded.kind !== 'ok') return recorded;
		const retryAt = recorded.escalation.nextEmailAttemptAt ?? ctx.clock.now();
		return { kind: 'failed', escalation: recorded.escalation, failure, retryAt, queue: recorded.queue };
	}
}

/**
 * Retries sends whose back-off has passed, for failures that can clear up on their own, up to
 * MAX_EMAIL_ATTEMPTS. Call it from a timer; sends run one after another.
 */
export async function retryDueEmails(ctx: ServiceContext, limit = 5): Promise<EmailResult[]> {
	const now = ctx.clock.now();
	const due = ctx.store
		.listEmailDue(now, limit * 4)
		.filter((e) => isRetryableFailure(e.emailFailureCode) && e.emailAttempts < MAX_EMAIL_ATTEMPTS)
		.filter((e) => e.emailInFlightSince === null || now - e.emailInFlightSince >= EMAIL_LEASE_MS)
		.slice(0, limit);
	const results: EmailResult[] = [];
	for (const e of due) results.push(await sendEmail(ctx, e.id, SYSTEM_ACTOR));
	return results;
}

export interface UnfinishedHandoffs {
	readonly unposted: readonly { readonly id: number; readonly queue: QueueMessage }[];
	readonly interrupted: readonly { readonly id: number; readonly queue: QueueMessage }[];
}

/**
 * The side effects of hand-offs that a process started before `startedAt` did not finish: escalations with no
 * queue message yet (to post), and email sends cut short (the process died mid-send). Whether such an email went
 * out is unknown, so it is recorded as INTERRUPTED and never sent again on its own: a moderator checks and
 * presses "Retry email" (which reuses the Message-ID, so a mail system can drop a second copy).
 */
export function settleUnfinished(ctx: ServiceContext, startedAt: number, limit = 100): UnfinishedHandoffs {
	const unposted: { id: number; queue: QueueMessage }[] = [];
	const interrupted: { id: number; queue: QueueMessage }[] = [];
	for (const e of ctx.store.listUnfinished(startedAt, limit)) {
		let current = e;
		if (e.emailMessageId === null && e.emailInFlightSince !== null && e.emailInFlightSince < startedAt) {
			const recorded = recordInterruptedSend(ctx, e.id);
			if (recorded.kind === 'ok') {
				current = recorded.escalation;
				if (current.modMessageId !== null) interrupted.push({ id: e.id, queue: recorded.queue });
			}
		}
		if (current.modMessageId === null && current.createdAt < startedAt)
			unposted.push({ id: e.id, queue: ctx.queueOf(current) });
	}
	return { unposted, interrupted };
}
