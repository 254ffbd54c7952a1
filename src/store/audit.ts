import { z } from 'zod';
import type { NewAuditEntry } from '../escalation/ports.js';
import { AUDIT_ACTIONS, type AuditEntry } from '../escalation/types.js';
import type { Db } from './open.js';

const RowSchema = z.object({
	id: z.number(),
	escalation_id: z.number(),
	actor_id: z.string(),
	actor_name: z.string(),
	action: z.enum(AUDIT_ACTIONS),
	detail: z.string().nullable(),
	at: z.number(),
});

function toEntry(row: unknown): AuditEntry {
	const r = RowSchema.parse(row);
	return {
		id: r.id,
		escalationId: r.escalation_id,
		actorId: r.actor_id,
		actorName: r.actor_name,
		action: r.action,
		detail: r.detail,
		at: r.at,
	};
}

/**
 * Prepared statements over `escalation_audit`: who did what to an escalation, and when. Rows are only
 * appended; callers that change an escalation append inside the same transaction.
 */
export function auditRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO escalation_audit (escalation_id, actor_id, actor_name, action, detail, at)
		 VALUES (@escalationId, @actorId, @actorName, @action, @detail, @at)`,
	);
	const forEscalation = db.prepare('SELECT * FROM escalation_audit WHERE escalation_id = ? ORDER BY id');
	return {
		append(escalationId: number, entry: NewAuditEntry, at: number): AuditEntry {
			const row = {
				escalationId,
				actorId: entry.actor.id,
				actorName: entry.actor.name,
				action: entry.action,
				detail: entry.detail,
				at,
			};
			const { lastInsertRowid } = insert.run(row);
			return { id: Number(lastInsertRowid), ...row };
		},
		/** Oldest first. */
		list(escalationId: number): AuditEntry[] {
			return forEscalation.all(escalationId).map(toEntry);
		},
	};
}

export type AuditRepository = ReturnType<typeof auditRepository>;
