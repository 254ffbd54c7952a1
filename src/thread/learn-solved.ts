import type { Actor } from '../escalation/types.js';
import type { Advisor } from './advice.js';
import { readThread } from './escalate.js';
import { type CauseLearning, learnFromConfirmation } from './learn.js';
import type { OwnerThread } from './thread-text.js';

/**
 * The poster marked the thread solved after an answer: that answer's cause (and entry) is confirmed without asking
 * anyone. Nothing is learned when the bot never answered in the thread, or its answer was an abstention.
 */
export async function learnFromSolved(
	learning: CauseLearning,
	advisor: Advisor,
	input: {
		readonly source: string;
		readonly threadId: string;
		readonly actor: Actor;
		readonly owner: OwnerThread | null;
	},
): Promise<{ readonly id: number; readonly learned: boolean } | null> {
	const owner = input.owner;
	if (owner === null || owner.answeredThrough === null || owner.posts.length === 0) return null;
	const { answered } = await readThread(advisor, owner);
	const match = answered?.match ?? null;
	if (answered?.advice.kind !== 'answer' || match === null) return null;
	return learnFromConfirmation(learning, {
		source: input.source,
		threadId: input.threadId,
		escalationId: null,
		confirmed: { cause: match.cause, isNew: false },
		entry: match.entryId,
		confirmedBy: 'poster',
		actor: input.actor,
		note: null,
		owner,
	});
}
