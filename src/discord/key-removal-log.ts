import type { Logger } from '../log.js';
import type { DiscordEffectLog } from './discord-effects.js';

export interface KeyRemovalLogDeps {
	readonly logger: Logger;
	/** Where a removal is recorded before the first call to Discord and marked done after; absent: not durable. */
	readonly effects?: DiscordEffectLog | null;
	readonly now?: () => number;
	/** True once a stop's grace period ran out: a removal not yet done then stays pending for the next start. */
	readonly isCutShort?: () => boolean;
}

/**
 * The durable record of key removals, so a restart finishes one cut short. The store failing must not stop a key
 * from being removed: the removal then goes ahead without its record (and a restart cannot finish it), which the log
 * says.
 */
export function keyRemovalLog(deps: KeyRemovalLogDeps) {
	function record(what: string, write: () => void, ref: string): void {
		try {
			write();
		} catch (error) {
			if (deps.isCutShort?.() !== true) deps.logger.warn({ ref, err: error }, `key removal: could not record ${what}`);
		}
	}
	return {
		/** Recorded before Discord is called: a crash or a stop from here on leaves it for the next start to finish. */
		started: (threadId: string, messageId: string, ref: string) =>
			record('the removal', () => deps.effects?.recordKeyRemoval(threadId, messageId, deps.now?.() ?? Date.now()), ref),
		finished: (messageId: string, ref: string) =>
			record('that it is done', () => deps.effects?.keyRemovalDone(messageId), ref),
	};
}
