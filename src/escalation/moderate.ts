import { t } from '../i18n/messages.js';
import type { QueueMessage } from './queue-message.js';
import { type ActionResult, auditEntry, mutate, type ServiceContext } from './service-context.js';
import { changesOf, transition } from './state.js';
import { type Actor, isClosedStatus, type StatusAction } from './types.js';

/** A moderator's status action (claim, resolve, dismiss, reopen) through the escalation state machine. */
export function applyStatusAction(
	ctx: ServiceContext,
	id: number,
	action: StatusAction,
	actor: Actor,
	note?: string | null,
): ActionResult {
	return mutate(ctx, id, (e, now) => {
		if (action === 'reopen') {
			const latest = ctx.store.latestForThread(e.threadId);
			if (latest !== null && latest.id !== e.id) {
				return {
					ok: false,
					reason: 'SUPERSEDED',
					message: t(ctx.lang, 'mod.superseded', { id: String(e.id), latest: String(latest.id) }),
				};
			}
		}
		const next = transition(e, action, actor, now, note, ctx.lang);
		return next.ok ? { ok: true, changes: next.changes, audit: auditEntry(actor, next.action, next.detail) } : next;
	});
}

/**
 * Resolves the thread's escalation if one is still open (the owner marked the thread solved). Returns the
 * resolved escalation and its queue message, or null when nothing was open.
 */
export function resolveOpenForThread(
	ctx: ServiceContext,
	threadId: string,
	actor: Actor,
	note: string,
): { readonly id: number; readonly queue: QueueMessage } | null {
	const latest = ctx.store.latestForThread(threadId);
	if (latest === null || isClosedStatus(latest.status)) return null;
	const result = applyStatusAction(ctx, latest.id, 'resolve', actor, note);
	return result.kind === 'ok' ? { id: result.escalation.id, queue: result.queue } : null;
}

/** Audits an "Unmute bot" press; the caller unmutes the thread. */
export const recordUnmute = (ctx: ServiceContext, id: number, actor: Actor): ActionResult =>
	mutate(ctx, id, (e) => ({ ok: true, changes: changesOf(e), audit: auditEntry(actor, 'unmuted', null) }));

/** Remembers the moderators' channel message that shows this escalation (no audit row). */
export const setModMessage = (ctx: ServiceContext, id: number, messageId: string): ActionResult =>
	mutate(ctx, id, (e) => ({ ok: true, changes: { ...changesOf(e), modMessageId: messageId }, audit: null }));
