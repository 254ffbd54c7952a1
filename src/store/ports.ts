import type { Clock } from '../model.js';
import type { EscalationPort, ThreadPorts } from '../thread/ports.js';
import { botReplyRepository } from './bot-replies.js';
import { durableTransaction } from './durable.js';
import type { Db } from './open.js';
import { ownerPostRepository } from './owner-posts.js';
import { processedMessageRepository } from './processed-messages.js';
import { threadRepository } from './threads.js';

export const systemClock: Clock = { now: () => Date.now() };

/** The SQLite implementations of the core's thread ports. */
export function sqliteThreadPorts(db: Db, escalations: EscalationPort, clock: Clock = systemClock): ThreadPorts {
	return {
		threads: threadRepository(db),
		processed: processedMessageRepository(db),
		replies: botReplyRepository(db),
		ownerPosts: ownerPostRepository(db),
		escalations,
		clock,
		// Every decision transaction records what the bot is about to send: it is committed durably.
		atomically: (fn) => durableTransaction(db, fn),
	};
}
