import type { Advisor } from '../thread/advice.js';

interface Waiting {
	/** Passes the handler asking already had for the message it handles. */
	readonly done: number;
	readonly order: number;
	readonly grant: () => void;
}

/**
 * Turns for triage passes across threads. A pass (the advisor: triage and match over a post) is synchronous CPU work,
 * and one message can need several (the whole thread, each error of a post, the thread read again newest first, the
 * reading for a hand-off); run back to back they would hold the event loop for all of them, and a message in another
 * thread would wait behind every one. Here each pass starts on its own turn of the event loop, after pending I/O (a new
 * message arrives, a reply is confirmed), and the next turn goes to the handler that has had the fewest passes for its
 * message (ties: first asked), so another thread's post waits for at most the pass already running, not the whole post.
 * A pass's asynchronous part (an LLM call) runs outside the turn.
 */
export class TriageTurns {
	private readonly waiting: Waiting[] = [];
	private scheduled = false;
	private asked = 0;

	/** Passes waiting for their turn. */
	get size(): number {
		return this.waiting.length;
	}

	/** The advisor for one handled message: each of its passes waits for a turn. */
	advisorFor(advisor: Advisor): Advisor {
		let done = 0;
		return async (post, options) => {
			await this.turn(done);
			done++;
			return advisor(post, options);
		};
	}

	private turn(done: number): Promise<void> {
		return new Promise((grant) => {
			this.waiting.push({ done, order: this.asked++, grant });
			this.schedule();
		});
	}

	private schedule(): void {
		if (this.scheduled || this.waiting.length === 0) return;
		this.scheduled = true;
		// An immediate scheduled while immediates run waits for the next loop iteration: one pass per turn, I/O between.
		setImmediate(() => {
			this.scheduled = false;
			const next = nextTurn(this.waiting);
			if (next !== null) this.waiting.splice(next, 1)[0]?.grant();
			this.schedule();
		});
	}
}

/** Which waiting pass goes next: the fewest passes done, then the first asked. Null when none waits. Pure. */
export function nextTurn(waiting: readonly { readonly done: number; readonly order: number }[]): number | null {
	let best: number | null = null;
	waiting.forEach((w, i) => {
		const b = best === null ? null : waiting[best];
		if (b === undefined || b === null || w.done < b.done || (w.done === b.done && w.order < b.order)) best = i;
	});
	return best;
}
