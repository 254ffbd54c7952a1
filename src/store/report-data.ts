import type { ReportInput, ReportLog, ReportThread } from '../thread/gap-report.js';
import { communityCaseRepository } from './community-cases.js';
import type { Db } from './open.js';
import { ownerPostRepository } from './owner-posts.js';

/** Writes the report's logs (migration 0007): the entry behind each answer, and "Solved it" / "Didn't help". */
export function reportLogRepository(db: Db): ReportLog {
	const answer = db.prepare(
		`INSERT INTO answer_log (message_id, thread_id, entry_id, cause, at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (message_id) DO UPDATE SET entry_id = excluded.entry_id, cause = excluded.cause, at = excluded.at`,
	);
	const feedback = db.prepare('INSERT INTO feedback_log (thread_id, action, at) VALUES (?, ?, ?)');
	return {
		answered(messageId, threadId, entryId, cause, at) {
			answer.run(messageId, threadId, entryId, cause, at);
		},
		feedback(threadId, action, at) {
			feedback.run(threadId, action, at);
		},
	};
}

interface ThreadRow {
	thread_id: string;
	guild_id: string;
	title: string;
	state: string;
	created_at: number;
}

/** Everything `buildGapReport` reads for the threads created from `since` on. */
export function readReportInput(db: Db, since: number, now: number): ReportInput {
	const owner = ownerPostRepository(db);
	const outcomes = db
		.prepare('SELECT outcome FROM processed_messages WHERE thread_id = ? ORDER BY processed_at, rowid')
		.pluck();
	const threads: ReportThread[] = (
		db
			.prepare(
				'SELECT thread_id, guild_id, title, state, created_at FROM threads WHERE created_at >= ? ORDER BY created_at, thread_id',
			)
			.all(since) as ThreadRow[]
	).map((t) => {
		const posts = owner.list(t.thread_id);
		return {
			threadId: t.thread_id,
			guildId: t.guild_id,
			title: t.title,
			state: t.state,
			createdAt: t.created_at,
			outcomes: outcomes.all(t.thread_id) as string[],
			owner:
				posts.length === 0
					? null
					: {
							title: t.title,
							body: posts.map((p) => p.post.content).join('\n\n'),
							attachments: posts.flatMap((p) => p.post.attachments),
						},
		};
	});
	const escalations = (
		db.prepare('SELECT thread_id, trigger, created_at FROM escalations WHERE created_at >= ?').all(since) as {
			thread_id: string;
			trigger: string;
			created_at: number;
		}[]
	).map((e) => ({ threadId: e.thread_id, trigger: e.trigger, createdAt: e.created_at }));
	const answers = (
		db.prepare('SELECT thread_id, entry_id, cause, at FROM answer_log WHERE at >= ? ORDER BY at').all(since) as {
			thread_id: string;
			entry_id: string;
			cause: string;
			at: number;
		}[]
	).map((a) => ({ threadId: a.thread_id, entryId: a.entry_id, cause: a.cause, at: a.at }));
	const feedback = (
		db.prepare('SELECT thread_id, action, at FROM feedback_log WHERE at >= ? ORDER BY at').all(since) as {
			thread_id: string;
			action: 'solved' | 'didnt_help';
			at: number;
		}[]
	).map((f) => ({ threadId: f.thread_id, action: f.action, at: f.at }));
	return {
		since,
		now,
		threads,
		escalations,
		answers,
		feedback,
		confirmed: communityCaseRepository(db).listSince(since),
	};
}
