import { z } from 'zod';
import type {
	EscalationChanges,
	EscalationStore,
	ListQuery,
	NewAuditEntry,
	NewEscalation,
} from '../escalation/ports.js';
import { EscalationSummarySchema } from '../escalation/summary.js';
import {
	ESCALATION_STATUSES,
	ESCALATION_TRIGGERS,
	type EscalationRecord,
	type EscalationStatus,
	MAIL_FAILURE_CODES,
} from '../escalation/types.js';
import { redactNullable, redactString } from '../triage/redact-secrets.js';
import { auditRepository } from './audit.js';
import { durableTransaction } from './durable.js';
import type { Db } from './open.js';

const RowSchema = z.object({
	id: z.number(),
	thread_id: z.string(),
	episode: z.number(),
	trigger: z.enum(ESCALATION_TRIGGERS),
	status: z.enum(ESCALATION_STATUSES),
	claimed_by: z.string().nullable(),
	claimed_by_name: z.string().nullable(),
	cause: z.string().nullable(),
	confidence: z.number().nullable(),
	summary_json: z.string(),
	conversation: z.string(),
	support_to: z.string().nullable(),
	email_subject: z.string(),
	email_body: z.string(),
	email_message_id: z.string().nullable(),
	email_sent_at: z.number().nullable(),
	email_attempts: z.number(),
	email_last_error: z.string().nullable(),
	// An unknown code (written by a newer Doorman) reads as UNKNOWN rather than failing the row.
	email_failure_code: z.enum(MAIL_FAILURE_CODES).nullable().catch('UNKNOWN'),
	email_in_flight_since: z.number().nullable(),
	next_email_attempt_at: z.number().nullable(),
	mod_message_id: z.string().nullable(),
	note: z.string().nullable(),
	closed_by: z.string().nullable(),
	closed_by_name: z.string().nullable(),
	closed_at: z.number().nullable(),
	revision: z.number(),
	created_at: z.number(),
	updated_at: z.number(),
});

function toRecord(row: unknown): EscalationRecord {
	const r = RowSchema.parse(row);
	return {
		id: r.id,
		threadId: r.thread_id,
		episode: r.episode,
		trigger: r.trigger,
		status: r.status,
		claimedBy: r.claimed_by,
		claimedByName: r.claimed_by_name,
		cause: r.cause,
		confidence: r.confidence,
		summary: EscalationSummarySchema.parse(JSON.parse(r.summary_json)),
		conversation: r.conversation,
		supportTo: r.support_to,
		emailSubject: r.email_subject,
		emailBody: r.email_body,
		emailMessageId: r.email_message_id,
		emailSentAt: r.email_sent_at,
		emailAttempts: r.email_attempts,
		emailLastError: r.email_last_error,
		emailFailureCode: r.email_failure_code,
		emailInFlightSince: r.email_in_flight_since,
		nextEmailAttemptAt: r.next_email_attempt_at,
		modMessageId: r.mod_message_id,
		note: r.note,
		closedBy: r.closed_by,
		closedByName: r.closed_by_name,
		closedAt: r.closed_at,
		revision: r.revision,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
	};
}

/**
 * Prepared statements over `escalations` (and its audit trail), implementing the core's
 * EscalationStore. Every change and its audit row commit in one transaction; updates compare the
 * row's revision so two writers (the bot and the CLI, two moderators) cannot overwrite each other.
 */
export function escalationRepository(db: Db): EscalationStore {
	const audit = auditRepository(db);
	const insert = db.prepare(
		`INSERT INTO escalations (thread_id, episode, trigger, cause, confidence, summary_json, conversation,
		   support_to, email_subject, email_body, created_at, updated_at)
		 VALUES (@threadId, @episode, @trigger, @cause, @confidence, @summaryJson, @conversation,
		   @supportTo, @emailSubject, @emailBody, @now, @now)
		 ON CONFLICT (thread_id, episode) DO NOTHING`,
	);
	const byId = db.prepare('SELECT * FROM escalations WHERE id = ?');
	const latest = db.prepare('SELECT * FROM escalations WHERE thread_id = ? ORDER BY episode DESC LIMIT 1');
	const listAll = db.prepare('SELECT * FROM escalations ORDER BY id DESC LIMIT ? OFFSET ?');
	const listByStatus = db.prepare('SELECT * FROM escalations WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?');
	const countAll = db.prepare('SELECT count(*) AS n FROM escalations');
	const countByStatus = db.prepare('SELECT count(*) AS n FROM escalations WHERE status = ?');
	const update = db.prepare(
		`UPDATE escalations SET
		   status = @status, claimed_by = @claimedBy, claimed_by_name = @claimedByName, note = @note,
		   support_to = @supportTo, email_message_id = @emailMessageId, email_sent_at = @emailSentAt,
		   email_attempts = @emailAttempts, email_last_error = @emailLastError,
		   email_failure_code = @emailFailureCode, email_in_flight_since = @emailInFlightSince,
		   next_email_attempt_at = @nextEmailAttemptAt, mod_message_id = @modMessageId,
		   closed_by = @closedBy, closed_by_name = @closedByName, closed_at = @closedAt,
		   revision = revision + 1, updated_at = @now
		 WHERE id = @id AND revision = @expectedRevision`,
	);
	const emailDue = db.prepare(
		`SELECT * FROM escalations
		 WHERE email_message_id IS NULL AND next_email_attempt_at IS NOT NULL AND next_email_attempt_at <= ?
		   AND status IN ('open', 'claimed')
		 ORDER BY next_email_attempt_at LIMIT ?`,
	);
	// Only open escalations (the status index): a hand-off whose queue message or email a crash interrupted.
	const unfinished = db.prepare(
		`SELECT * FROM escalations
		 WHERE status IN ('open', 'claimed', 'emailed')
		   AND ((mod_message_id IS NULL AND created_at < @startedAt)
		     OR (email_message_id IS NULL AND email_in_flight_since IS NOT NULL AND email_in_flight_since < @startedAt))
		 ORDER BY id LIMIT @limit`,
	);
	const count = (row: unknown): number => z.object({ n: z.number() }).parse(row).n;

	const create = db.transaction(
		(escalation: NewEscalation, entry: NewAuditEntry, now: number): EscalationRecord | null => {
			const { changes, lastInsertRowid } = insert.run({
				threadId: escalation.threadId,
				episode: escalation.episode,
				trigger: escalation.trigger,
				cause: escalation.cause,
				confidence: escalation.confidence,
				// The core redacts all of this already; the store redacts again as the last step before disk.
				summaryJson: redactString(JSON.stringify(escalation.summary)),
				conversation: redactString(escalation.conversation),
				supportTo: escalation.supportTo,
				emailSubject: redactString(escalation.emailSubject),
				emailBody: redactString(escalation.emailBody),
				now,
			});
			if (changes === 0) return null;
			const id = Number(lastInsertRowid);
			audit.append(id, entry, now);
			return toRecord(byId.get(id));
		},
	);

	const save = db.transaction(
		(
			id: number,
			changes: EscalationChanges,
			expectedRevision: number,
			entry: NewAuditEntry | null,
			now: number,
		): EscalationRecord | null => {
			const result = update.run({
				...changes,
				note: redactNullable(changes.note),
				emailLastError: redactNullable(changes.emailLastError),
				id,
				expectedRevision,
				now,
			});
			if (result.changes === 0) return null;
			if (entry !== null) audit.append(id, entry, now);
			return toRecord(byId.get(id));
		},
	);

	return {
		// A hand-off and each change (the email lease before a send) precede side effects: committed durably.
		create: (escalation, entry, now) => durableTransaction(db, () => create(escalation, entry, now)),
		get(id) {
			const row = byId.get(id);
			return row === undefined ? null : toRecord(row);
		},
		latestForThread(threadId) {
			const row = latest.get(threadId);
			return row === undefined ? null : toRecord(row);
		},
		list(query: ListQuery) {
			const rows =
				query.status === undefined
					? listAll.all(query.limit, query.offset)
					: listByStatus.all(query.status, query.limit, query.offset);
			return rows.map(toRecord);
		},
		count(status?: EscalationStatus) {
			return count(status === undefined ? countAll.get() : countByStatus.get(status));
		},
		save: (id, changes, expectedRevision, entry, now) =>
			durableTransaction(db, () => save(id, changes, expectedRevision, entry, now)),
		listAudit: (escalationId) => audit.list(escalationId),
		listEmailDue: (now, limit) => emailDue.all(now, limit).map(toRecord),
		listUnfinished: (startedAt, limit) => unfinished.all({ startedAt, limit }).map(toRecord),
	};
}
