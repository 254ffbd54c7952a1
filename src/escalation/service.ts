import { type EscalateInput, type EscalateResult, escalate } from './create.js';
import { applyStatusAction, recordUnmute, resolveOpenForThread, setModMessage } from './moderate.js';
import type { MailFailure } from './ports.js';
import { listEscalations, showEscalation } from './queries.js';
import { markEmailed, recordEmailFailure, retryDueEmails, sendEmail, settleUnfinished } from './send-email.js';
import { type EscalationServiceDeps, serviceContext } from './service-context.js';
import type { Actor, EscalationStatus } from './types.js';

// The service's verbs live by kind (create.ts, moderate.ts, send-email.ts, queries.ts); their result types are
// re-exported here so callers keep one import for the service.
export type { EscalateInput, EscalateResult } from './create.js';
export { type EscalationDetails, type EscalationPage, PAGE_SIZE } from './queries.js';
export { type EmailResult, emailMessageIdKey } from './send-email.js';
export type { ActionResult, EscalationServiceDeps } from './service-context.js';

/** The escalation use case over its ports. Permission checks are the caller's (see `canModerate`). */
export function escalationService(deps: EscalationServiceDeps) {
	const ctx = serviceContext(deps);
	return {
		/** Whether "Email support" is available at all (SMTP configured); each escalation also needs an address. */
		emailConfigured: ctx.mailer !== null,

		/** See `escalate` in create.ts: once per thread episode; concurrent calls make one escalation. */
		escalate: (input: EscalateInput): EscalateResult => escalate(ctx, input),
		resolveOpenForThread: (threadId: string, actor: Actor, note: string) =>
			resolveOpenForThread(ctx, threadId, actor, note),

		claim: (id: number, actor: Actor) => applyStatusAction(ctx, id, 'claim', actor),
		resolve: (id: number, actor: Actor, note?: string | null) => applyStatusAction(ctx, id, 'resolve', actor, note),
		dismiss: (id: number, actor: Actor, note?: string | null) => applyStatusAction(ctx, id, 'dismiss', actor, note),
		reopen: (id: number, actor: Actor, note?: string | null) => applyStatusAction(ctx, id, 'reopen', actor, note),
		recordUnmute: (id: number, actor: Actor) => recordUnmute(ctx, id, actor),
		setModMessage: (id: number, messageId: string) => setModMessage(ctx, id, messageId),

		markEmailed: (id: number, messageId: string, actor?: Actor) => markEmailed(ctx, id, messageId, actor),
		recordEmailFailure: (id: number, failure: MailFailure, actor?: Actor) =>
			recordEmailFailure(ctx, id, failure, actor),
		sendEmail: (id: number, actor: Actor) => sendEmail(ctx, id, actor),
		retryDueEmails: (limit?: number) => retryDueEmails(ctx, limit),
		settleUnfinished: (startedAt: number, limit?: number) => settleUnfinished(ctx, startedAt, limit),

		list: (status?: EscalationStatus | null, page?: number) => listEscalations(ctx, status, page),
		show: (id: number) => showEscalation(ctx, id),
		/** The queue message for an escalation's current state. */
		queueMessage: ctx.queueOf,
	};
}

export type EscalationService = ReturnType<typeof escalationService>;
