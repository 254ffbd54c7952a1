import type { ForumChannel, ThreadChannel } from 'discord.js';
import type { Logger } from '../log.js';
import type { ThreadState } from '../thread/state.js';

export interface TagNames {
	readonly needsInfo: string;
	readonly answered: string;
	readonly escalated: string;
	readonly solved: string;
}

const tagNameFor = (names: TagNames, state: ThreadState): string | null => {
	switch (state) {
		case 'needs_info':
			return names.needsInfo;
		case 'answered':
			return names.answered;
		case 'escalated':
			return names.escalated;
		case 'solved':
			return names.solved;
		case 'new':
			return null;
	}
};

/**
 * Keeps a post's state tag in step with the thread state, leaving tags people set themselves.
 * A tag missing from the forum is logged once per forum and name, never fatal.
 */
export class ForumTagger {
	private readonly warned = new Set<string>();

	constructor(
		private readonly names: TagNames,
		private readonly logger: Logger,
	) {}

	/** The applied tag ids for `state`, or null when nothing changes. */
	nextTags(forum: ForumChannel, current: readonly string[], state: ThreadState): string[] | null {
		const byName = new Map(forum.availableTags.map((t) => [t.name.toLowerCase(), t.id]));
		const managed = new Set(
			[this.names.needsInfo, this.names.answered, this.names.escalated, this.names.solved]
				.map((n) => byName.get(n.toLowerCase()))
				.filter((id): id is string => id !== undefined),
		);
		const wanted = tagNameFor(this.names, state);
		const wantedId = wanted === null ? undefined : byName.get(wanted.toLowerCase());
		if (wanted !== null && wantedId === undefined) this.warnMissing(forum.id, wanted);
		const kept = current.filter((id) => !managed.has(id));
		// Discord allows at most 5 tags on a post; ours goes first so it is never the one dropped.
		const next = (wantedId === undefined ? kept : [wantedId, ...kept]).slice(0, 5);
		const same = next.length === current.length && next.every((id) => current.includes(id));
		return same ? null : next;
	}

	/** Whether the post carries the tag of `state` (e.g. a helper tagged it Solved). */
	hasStateTag(thread: ThreadChannel, state: ThreadState): boolean {
		const forum = thread.parent;
		const wanted = tagNameFor(this.names, state);
		if (forum === null || wanted === null || !('availableTags' in forum)) return false;
		const id = (forum as ForumChannel).availableTags.find((t) => t.name.toLowerCase() === wanted.toLowerCase())?.id;
		return id !== undefined && thread.appliedTags.includes(id);
	}

	async apply(thread: ThreadChannel, state: ThreadState): Promise<void> {
		const forum = thread.parent;
		if (forum === null || !('availableTags' in forum)) return;
		const next = this.nextTags(forum as ForumChannel, thread.appliedTags, state);
		if (next !== null) await thread.setAppliedTags(next, `Doorman: thread is ${state}`);
	}

	private warnMissing(forumId: string, name: string): void {
		const key = `${forumId}:${name}`;
		if (this.warned.has(key)) return;
		this.warned.add(key);
		this.logger.warn({ forumId, tag: name }, 'forum has no tag with this name; create it or set the TAG_* setting');
	}
}
