import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { NewAuditEntry, NewEscalation } from '../../src/escalation/ports.js';
import { escalationService } from '../../src/escalation/service.js';
import { changesOf } from '../../src/escalation/state.js';
import { buildSummary } from '../../src/escalation/summary.js';
import { defaultMigrationsDir } from '../../src/paths.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { currentVersion, migrate, readMigrations } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { threadRepository } from '../../src/store/threads.js';
import { useTmpDir } from '../support/tmp-dir.js';
import { A_CAUSE, A_THREAD, aTriage, leakedKeys, manualClock, PLANTED } from '../unit/escalation/fixtures.js';

const migrations = readMigrations(defaultMigrationsDir());
const tmp = useTmpDir();
const THREAD = {
	threadId: A_THREAD.threadId,
	guildId: A_THREAD.guildId,
	forumId: '2',
	ownerId: A_THREAD.ownerId,
	title: A_THREAD.title,
};
const MO = { id: '1100000000000000103', name: 'mo' };
const AUDIT: NewAuditEntry = { actor: MO, action: 'escalated', detail: 'trigger moderator' };

function newEscalation(overrides: Partial<NewEscalation> = {}): NewEscalation {
	const summary = buildSummary({ thread: A_THREAD, triage: aTriage(), cause: A_CAUSE });
	return {
		threadId: THREAD.threadId,
		episode: 1,
		trigger: 'moderator',
		cause: A_CAUSE.id,
		confidence: 0.42,
		summary,
		conversation: 'ana: 403',
		supportTo: 'support@example.com',
		emailSubject: 'HTTP 403',
		emailBody: 'Hello',
		...overrides,
	};
}

function open() {
	const { db } = openStore(path.join(tmp(), 'esc.db'));
	threadRepository(db).ensure(THREAD, 0);
	return { db, store: escalationRepository(db) };
}

describe('0002_escalations', () => {
	it('adds escalations and escalation_audit to a version-1 database that has threads', () => {
		const db = new Database(path.join(tmp(), 'm.db'));
		db.pragma('foreign_keys = ON');
		migrate(db, migrations, 1);
		db.prepare(
			`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, state, created_at, updated_at) VALUES ('1','2','3','4','escalated',0,0)`,
		).run();
		const report = migrate(db, migrations, 2);
		expect(report.applied).toEqual(['0002_escalations']);
		expect(currentVersion(db)).toBe(2);
		expect(db.prepare(`SELECT state FROM threads WHERE thread_id = '1'`).get()).toEqual({ state: 'escalated' });
		const insert = db.prepare(
			`INSERT INTO escalations (thread_id, episode, trigger, summary_json, email_subject, email_body, created_at, updated_at)
			 VALUES (?, ?, ?, '{}', 's', 'b', 0, 0)`,
		);
		const { lastInsertRowid } = insert.run('1', 1, 'didnt_help');
		expect(db.prepare('SELECT status, email_attempts, revision FROM escalations').get()).toEqual({
			status: 'open',
			email_attempts: 0,
			revision: 0,
		});
		expect(() => insert.run('1', 1, 'moderator')).toThrow(/UNIQUE/);
		expect(() => insert.run('1', 2, 'bogus')).toThrow(/CHECK/);
		expect(() => insert.run('1', 0, 'moderator')).toThrow(/CHECK/);
		expect(() => insert.run('nope', 1, 'moderator')).toThrow(/FOREIGN KEY/);
		expect(() => db.prepare(`UPDATE escalations SET status = 'lost'`).run()).toThrow(/CHECK/);
		expect(() => db.prepare(`UPDATE escalations SET confidence = 1.5`).run()).toThrow(/CHECK/);
		expect(() => db.prepare(`UPDATE escalations SET summary_json = 'not json'`).run()).toThrow(/CHECK/);
		expect(() => db.prepare(`UPDATE escalations SET email_attempts = 'x'`).run()).toThrow(/cannot store TEXT/);
		db.prepare(
			`INSERT INTO escalation_audit (escalation_id, actor_id, actor_name, action, at) VALUES (?, 'cli:al', 'cli:al', 'resolved', 0)`,
		).run(lastInsertRowid);
		db.prepare(`DELETE FROM threads WHERE thread_id = '1'`).run();
		expect(db.prepare('SELECT count(*) AS n FROM escalations').get()).toEqual({ n: 0 });
		expect(db.prepare('SELECT count(*) AS n FROM escalation_audit').get()).toEqual({ n: 0 });
		db.close();
	});

	it('lists by status through its index', () => {
		const { db } = open();
		const plan = db
			.prepare(`EXPLAIN QUERY PLAN SELECT * FROM escalations WHERE status = ? ORDER BY id DESC LIMIT 10`)
			.all('open') as { detail: string }[];
		expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX escalations_by_status/);
		const due = db
			.prepare(
				`EXPLAIN QUERY PLAN SELECT * FROM escalations WHERE email_message_id IS NULL AND next_email_attempt_at IS NOT NULL AND next_email_attempt_at <= ? AND status IN ('open', 'claimed') ORDER BY next_email_attempt_at LIMIT 5`,
			)
			.all(0) as { detail: string }[];
		expect(due.map((p) => p.detail).join(' ')).toMatch(/USING (PARTIAL )?INDEX escalations_(by_status|email_due)/);
		db.close();
	});
});

describe('escalation repository', () => {
	it('creates once per (thread, episode) with its first audit row, and reads it back', () => {
		const { db, store } = open();
		const created = store.create(newEscalation(), AUDIT, 100);
		expect(created).toMatchObject({ id: 1, status: 'open', episode: 1, revision: 0, createdAt: 100, confidence: 0.42 });
		expect(created?.summary).toEqual(newEscalation().summary);
		expect(store.create(newEscalation({ trigger: 'didnt_help' }), AUDIT, 101)).toBeNull();
		expect(store.listAudit(1)).toEqual([
			{
				id: 1,
				escalationId: 1,
				actorId: MO.id,
				actorName: 'mo',
				action: 'escalated',
				detail: 'trigger moderator',
				at: 100,
			},
		]);
		store.create(newEscalation({ episode: 2 }), AUDIT, 102);
		expect(store.latestForThread(THREAD.threadId)?.episode).toBe(2);
		expect(store.latestForThread('404')).toBeNull();
		expect(store.get(99)).toBeNull();
		db.close();
	});

	it('saves only over the expected revision, with the audit row in the same transaction', () => {
		const { db, store } = open();
		const e = store.create(newEscalation(), AUDIT, 0);
		if (e === null) throw new Error('not created');
		const claim = { ...changesOf(e), status: 'claimed' as const, claimedBy: MO.id, claimedByName: 'mo' };
		const saved = store.save(e.id, claim, 0, { actor: MO, action: 'claimed', detail: null }, 5);
		expect(saved).toMatchObject({ status: 'claimed', revision: 1, updatedAt: 5 });
		expect(
			store.save(e.id, { ...claim, status: 'resolved' }, 0, { actor: MO, action: 'resolved', detail: null }, 6),
		).toBeNull();
		expect(store.get(e.id)?.status).toBe('claimed');
		expect(store.listAudit(e.id).map((a) => a.action)).toEqual(['escalated', 'claimed']);
		db.close();
	});

	it('rolls back the status change when the audit insert fails', () => {
		const { db, store } = open();
		const e = store.create(newEscalation(), AUDIT, 0);
		if (e === null) throw new Error('not created');
		db.exec(`CREATE TRIGGER no_audit BEFORE INSERT ON escalation_audit BEGIN SELECT RAISE(ABORT, 'audit down'); END`);
		expect(() =>
			store.save(e.id, { ...changesOf(e), status: 'resolved' }, 0, { actor: MO, action: 'resolved', detail: null }, 9),
		).toThrow(/audit down/);
		expect(store.get(e.id)).toMatchObject({ status: 'open', revision: 0 });
		db.close();
	});

	it('lists newest first, by status, with counts, and finds due email retries', () => {
		const { db, store } = open();
		for (let episode = 1; episode <= 12; episode += 1) store.create(newEscalation({ episode }), AUDIT, episode);
		const third = store.get(3);
		if (third === null) throw new Error('missing');
		store.save(3, { ...changesOf(third), status: 'dismissed' }, 0, null, 20);
		expect(store.count()).toBe(12);
		expect(store.count('open')).toBe(11);
		expect(store.list({ limit: 10, offset: 0 }).map((e) => e.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
		expect(store.list({ limit: 10, offset: 10 }).map((e) => e.id)).toEqual([2, 1]);
		expect(store.list({ status: 'dismissed', limit: 10, offset: 0 }).map((e) => e.id)).toEqual([3]);
		const fifth = store.get(5);
		if (fifth === null) throw new Error('missing');
		store.save(
			5,
			{ ...changesOf(fifth), emailAttempts: 1, emailFailureCode: 'CONNECTION', nextEmailAttemptAt: 1000 },
			0,
			null,
			30,
		);
		expect(store.listEmailDue(999, 5)).toEqual([]);
		expect(store.listEmailDue(1000, 5).map((e) => [e.id, e.emailFailureCode])).toEqual([[5, 'CONNECTION']]);
		db.close();
	});

	it('lists the hand-offs a run left unfinished (no queue message, or an email send under way) through the status index', () => {
		const { db, store } = open();
		for (let episode = 1; episode <= 4; episode += 1) store.create(newEscalation({ episode }), AUDIT, 10 * episode);
		const record = (id: number) => {
			const e = store.get(id);
			if (e === null) throw new Error('missing');
			return e;
		};
		store.save(1, { ...changesOf(record(1)), modMessageId: '900' }, 0, null, 50);
		store.save(2, { ...changesOf(record(2)), modMessageId: '901', emailInFlightSince: 45 }, 0, null, 50);
		store.save(3, { ...changesOf(record(3)), status: 'dismissed' }, 0, null, 50);
		// Started at 35: #4 (created at 40) belongs to this run; #2's send began before it.
		expect(store.listUnfinished(35, 10).map((e) => e.id)).toEqual([]);
		expect(store.listUnfinished(46, 10).map((e) => e.id)).toEqual([2, 4]);
		const plan = db
			.prepare(
				`EXPLAIN QUERY PLAN SELECT * FROM escalations WHERE status IN ('open', 'claimed', 'emailed') AND ((mod_message_id IS NULL AND created_at < 1) OR (email_message_id IS NULL AND email_in_flight_since IS NOT NULL AND email_in_flight_since < 1)) ORDER BY id LIMIT 5`,
			)
			.all() as { detail: string }[];
		expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX escalations_by_status/);
		db.close();
	});
});

describe('the service over SQLite', () => {
	it('escalates once per episode even across two connections (bot and CLI)', () => {
		const file = path.join(tmp(), 'two.db');
		const first = openStore(file).db;
		threadRepository(first).ensure(THREAD, 0);
		const second = openStore(file).db;
		const clock = manualClock();
		const a = escalationService({ store: escalationRepository(first), clock });
		const b = escalationService({ store: escalationRepository(second), clock });
		const input = {
			thread: A_THREAD,
			facts: { didntHelp: true },
			eventAt: clock.now(),
			triage: aTriage(),
			cause: null,
		};
		expect(a.escalate(input).kind).toBe('escalated');
		expect(b.escalate({ ...input, facts: { ownerText: '!human' } }).kind).toBe('duplicate');
		expect(b.resolve(1, { id: 'cli:al', name: 'cli:al' }, 'done').kind).toBe('ok');
		expect(a.claim(1, MO)).toMatchObject({ kind: 'refused', reason: 'CLOSED' });
		first.close();
		second.close();
	});

	it('stores no planted key in any column of any row', () => {
		const { db } = open();
		const clock = manualClock();
		const service = escalationService({ store: escalationRepository(db), clock });
		const result = service.escalate({
			thread: { ...A_THREAD, ownerName: `ana ${PLANTED.discord}` },
			facts: { byModerator: true },
			eventAt: clock.now(),
			triage: aTriage({}, true),
			cause: A_CAUSE,
			conversation: [
				{ author: 'ana', text: `here is my key ${PLANTED.openaiProject} and ${PLANTED.aws}` },
				{ author: 'bo', text: `try ${PLANTED.anthropic}` },
			],
			tried: [`Bearer ${PLANTED.bearer}`],
			actor: MO,
		});
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		service.resolve(result.escalation.id, MO, `rotated ${PLANTED.google}`);
		service.recordEmailFailure(result.escalation.id, {
			code: 'REJECTED',
			responseCode: 550,
			message: `550 content rejected: ${PLANTED.xai}`,
			retryable: false,
		});
		const dump = JSON.stringify([
			db.prepare('SELECT * FROM escalations').all(),
			db.prepare('SELECT * FROM escalation_audit').all(),
		]);
		expect(dump).toContain('[REDACTED:');
		expect(leakedKeys(dump)).toEqual([]);
		db.close();
	});
});
