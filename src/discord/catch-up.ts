import { type Client, type Message, SnowflakeUtil, type ThreadChannel } from 'discord.js';
import { type Logger, newRef } from '../log.js';
import { shouldCatchUpUnseen } from '../thread/catch-up-policy.js';
import type { ThreadStore } from '../thread/ports.js';
import { discordCall, valueOrNull } from './discord-call.js';

export interface CatchUpDeps {
	readonly client: Client;
	readonly forums: ReadonlySet<string>;
	readonly threads: ThreadStore;
	readonly logger: Logger;
	/** The thread's starter, or null when it cannot be had (the failure is logged where it happened). */
	readonly fetchStarter: (thread: ThreadChannel) => Promise<Message<true> | null>;
	/** Queues one message for handling; the processed ledger makes repeats harmless. */
	readonly enqueue: (thread: ThreadChannel, message: Message<true>) => Promise<void>;
	/** Threads the bot never handled are taken up only when created at or after this (see `catchUpCutoff`). */
	readonly cutoff: number;
	/** Whether a message's author is a helper or moderator. */
	readonly isStaff: (message: Message<true>) => Promise<boolean>;
	/** Whether the post carries the Solved tag. */
	readonly isSolved: (thread: ThreadChannel) => boolean;
	/** True once the bot is stopping: no further thread is taken. */
	readonly shouldStop?: () => boolean;
}

/** At most this many messages per thread are fetched on catch-up (one page). */
const PAGE = 100;

/**
 * Threads caught up at once. Catch-up runs beside the live bot: a handful of threads in flight keeps its share of
 * Discord's request budget small, so a new post is answered while a long backlog is still being worked through.
 */
export const CATCH_UP_CONCURRENCY = 2;

/** Where a thread's unhandled messages start: after the last one handled, or the thread itself when new to us. */
const backlogStart = (deps: CatchUpDeps, thread: ThreadChannel): bigint =>
	BigInt(deps.threads.get(thread.id)?.lastMessageId ?? thread.id);

/**
 * After start and after every gateway resume: handle what was posted while the bot was away. The active threads of
 * the watched forums are taken oldest backlog first (the thread whose first unhandled message is oldest), a few at a
 * time; each thread's messages after the last one handled (or the whole thread when it is new to us) are queued in
 * order and handled before the next thread is taken. Runs in the background; `shouldStop` ends it between threads.
 */
export async function catchUp(deps: CatchUpDeps): Promise<number> {
	const threads: ThreadChannel[] = [];
	const ref = newRef();
	for (const guild of deps.client.guilds.cache.values()) {
		const active = valueOrNull(
			await discordCall(deps.logger, 'catch-up-list-threads', ref, () => guild.channels.fetchActiveThreads()),
		);
		for (const thread of active?.threads.values() ?? [])
			if (thread.parentId !== null && deps.forums.has(thread.parentId)) threads.push(thread);
	}
	const order = catchUpOrder(threads.map((thread) => ({ thread, start: backlogStart(deps, thread) })));
	let queued = 0;
	let next = 0;
	const worker = async () => {
		while (next < order.length && deps.shouldStop?.() !== true) {
			const thread = order[next++] as ThreadChannel;
			queued += await catchUpThread(deps, thread, ref);
		}
	};
	await Promise.all(Array.from({ length: CATCH_UP_CONCURRENCY }, worker));
	deps.logger.info({ threads: order.length, queued, stopped: deps.shouldStop?.() === true }, 'catch-up finished');
	return queued;
}

/** Threads in the order catch-up takes them: the oldest backlog start first. Pure. */
export function catchUpOrder<T>(threads: readonly { readonly thread: T; readonly start: bigint }[]): T[] {
	return [...threads].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)).map((t) => t.thread);
}

async function catchUpThread(deps: CatchUpDeps, thread: ThreadChannel, ref: string): Promise<number> {
	const known = deps.threads.get(thread.id);
	// New to us and older than the cutoff: left to people without fetching anything (a first start in a big forum).
	const createdAt = threadCreatedAt(thread);
	if (known === null && createdAt < deps.cutoff) {
		deps.logger.debug({ threadId: thread.id, createdAt, cutoff: deps.cutoff }, 'catch-up: thread predates the bot');
		return 0;
	}
	const pending: Message<true>[] = [];
	// A thread can be known without any message handled (the process died mid-way): start from its starter.
	if (known === null || known.lastMessageId === null) {
		const starter = await deps.fetchStarter(thread);
		if (starter !== null) pending.push(starter);
	}
	const after = known?.lastMessageId ?? thread.id;
	const fetched = valueOrNull(
		await discordCall(deps.logger, 'catch-up-fetch', ref, () => thread.messages.fetch({ after, limit: PAGE })),
	);
	const later = [...(fetched?.values() ?? [])].filter((m) => !m.author.bot && !m.system);
	later.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
	if (known === null) {
		// New to us: only a recent thread nobody has taken care of (first start must not answer the whole forum).
		const verdict = shouldCatchUpUnseen(
			{
				createdAt,
				isSolved: deps.isSolved(thread),
				hasStaffReply: await someStaff(
					deps,
					later.filter((m) => m.author.id !== thread.ownerId),
				),
			},
			deps.cutoff,
		);
		if (!verdict.catchUp) {
			deps.logger.debug({ threadId: thread.id, reason: verdict.reason }, 'catch-up: thread left to people');
			return 0;
		}
	}
	pending.push(...later);
	// Queued together (in order on the thread's queue), then waited for: the next thread is taken once this one is done.
	await Promise.allSettled(pending.map((message) => deps.enqueue(thread, message)));
	return pending.length;
}

/** When a thread was created: its metadata's timestamp, else its snowflake's (a forum post's id is its creation). */
export const threadCreatedAt = (thread: ThreadChannel): number =>
	thread.createdTimestamp ?? SnowflakeUtil.timestampFrom(thread.id);

async function someStaff(deps: CatchUpDeps, messages: readonly Message<true>[]): Promise<boolean> {
	for (const message of messages) if (await deps.isStaff(message)) return true;
	return false;
}
