import type { QueueMessage } from './queue-message.js';
import type { ServiceContext } from './service-context.js';
import type { AuditEntry, EscalationRecord, EscalationStatus } from './types.js';

/** Escalations per page in `list` (Discord embeds and terminals both read well at this size). */
export const PAGE_SIZE = 10;

export interface EscalationPage {
	readonly items: readonly EscalationRecord[];
	/** 1-based. */
	readonly page: number;
	readonly pageCount: number;
	readonly total: number;
	readonly status: EscalationStatus | null;
}

export interface EscalationDetails {
	readonly escalation: EscalationRecord;
	readonly audit: readonly AuditEntry[];
	readonly queue: QueueMessage;
}

/** A page of escalations, newest first, PAGE_SIZE per page; `page` is 1-based. */
export function listEscalations(ctx: ServiceContext, status?: EscalationStatus | null, page = 1): EscalationPage {
	const total = ctx.store.count(status ?? undefined);
	const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const p = Math.max(1, Math.floor(page));
	const items = ctx.store.list({
		...(status === null || status === undefined ? {} : { status }),
		limit: PAGE_SIZE,
		offset: (p - 1) * PAGE_SIZE,
	});
	return { items, page: p, pageCount, total, status: status ?? null };
}

/** One escalation with its audit trail, or null for an unknown id. */
export function showEscalation(ctx: ServiceContext, id: number): EscalationDetails | null {
	const escalation = ctx.store.get(id);
	if (escalation === null) return null;
	return { escalation, audit: ctx.store.listAudit(id), queue: ctx.queueOf(escalation) };
}
