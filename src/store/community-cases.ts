import { type CommunityCase, CommunityCaseSchema, matchableCase } from '../kb/community-case.js';
import type { CommunityCaseSource } from '../kb/community-cases.js';
import type { CommunityCaseStore, NewCommunityCase } from '../thread/learn.js';
import type { Db } from './open.js';

interface Row {
	id: number;
	thread_id: string;
	escalation_id: number | null;
	source: string;
	lang: string;
	route: string;
	status: number | null;
	cause: string;
	is_new_cause: number;
	entry: string | null;
	confirmed_by: string;
	actor_name: string;
	note: string | null;
	report: string;
	error: string;
	learned: number;
	withdrawn_at: number | null;
	created_at: number;
}

const toCase = (r: Row): CommunityCase =>
	CommunityCaseSchema.parse({
		id: r.id,
		threadId: r.thread_id,
		escalationId: r.escalation_id,
		source: r.source,
		lang: r.lang,
		route: r.route,
		status: r.status,
		cause: r.cause,
		isNewCause: r.is_new_cause === 1,
		entry: r.entry,
		confirmedBy: r.confirmed_by,
		actorName: r.actor_name,
		note: r.note,
		report: r.report,
		error: r.error,
		learned: r.learned === 1,
		withdrawnAt: r.withdrawn_at,
		createdAt: r.created_at,
	});

/** Community cases: confirmed causes with the thread's redacted report (migration 0007). */
export function communityCaseRepository(db: Db) {
	const upsert = db.prepare(
		`INSERT INTO community_cases (thread_id, escalation_id, source, lang, route, status, cause, is_new_cause, entry,
		   confirmed_by, actor_id, actor_name, note, report, error, learned, created_at, updated_at)
		 VALUES (@threadId, @escalationId, @source, @lang, @route, @status, @cause, @isNewCause, @entry, @confirmedBy,
		   @actorId, @actorName, @note, @report, @error, @learned, @now, @now)
		 ON CONFLICT (thread_id) DO UPDATE SET escalation_id = excluded.escalation_id, source = excluded.source,
		   lang = excluded.lang, route = excluded.route, status = excluded.status, cause = excluded.cause,
		   is_new_cause = excluded.is_new_cause, entry = excluded.entry, confirmed_by = excluded.confirmed_by,
		   actor_id = excluded.actor_id, actor_name = excluded.actor_name, note = excluded.note, report = excluded.report,
		   error = excluded.error, learned = excluded.learned, withdrawn_at = NULL, withdrawn_by = NULL,
		   updated_at = excluded.updated_at
		 RETURNING id`,
	);
	const revision = db.prepare('SELECT revision FROM community_cases_revision WHERE id = 1').pluck();
	const learned = db.prepare('SELECT * FROM community_cases WHERE learned = 1 ORDER BY id');
	const byId = db.prepare('SELECT * FROM community_cases WHERE id = ?');
	const since = db.prepare('SELECT * FROM community_cases WHERE created_at >= ? ORDER BY created_at, id');
	const withdraw = db.prepare(
		'UPDATE community_cases SET learned = 0, withdrawn_at = @now, withdrawn_by = @by, updated_at = @now WHERE id = @id AND withdrawn_at IS NULL',
	);
	return {
		save(c: NewCommunityCase, now: number): { id: number } {
			const id = upsert.pluck().get({
				threadId: c.threadId,
				escalationId: c.escalationId,
				source: c.source,
				lang: c.lang,
				route: c.route,
				status: c.status,
				cause: c.cause,
				isNewCause: c.isNewCause ? 1 : 0,
				entry: c.entry,
				confirmedBy: c.confirmedBy,
				actorId: c.actor.id,
				actorName: c.actor.name,
				note: c.note,
				report: c.report,
				error: c.error,
				learned: c.learned ? 1 : 0,
				now,
			}) as number;
			return { id };
		},
		get(id: number): CommunityCase | null {
			const row = byId.get(id) as Row | undefined;
			return row === undefined ? null : toCase(row);
		},
		/** Every case stored at or after `from` (ms), withdrawn ones included, oldest first. */
		listSince(from: number): CommunityCase[] {
			return (since.all(from) as Row[]).map(toCase);
		},
		/** The cases the matcher uses: learned and not withdrawn. */
		listLearned(): CommunityCase[] {
			return (learned.all() as Row[]).map(toCase);
		},
		/** Takes a case out of matching (kept for the report); false when unknown or already withdrawn. */
		withdraw(id: number, by: string, now: number): boolean {
			return withdraw.run({ id, by, now }).changes === 1;
		},
		revision: (): number => revision.get() as number,
	};
}

export type CommunityCaseRepository = ReturnType<typeof communityCaseRepository>;

/** The learned cases as the matcher's source: re-read only when the revision (bumped by triggers) moves. */
export function communityCaseSource(repo: CommunityCaseRepository): CommunityCaseSource {
	return { revision: repo.revision, list: () => repo.listLearned().map(matchableCase) };
}

/** Satisfies the core's port. */
export const asCommunityCaseStore = (repo: CommunityCaseRepository): CommunityCaseStore => repo;
