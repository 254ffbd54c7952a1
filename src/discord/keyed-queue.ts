/**
 * Runs tasks one at a time per key (a thread), in arrival order, while different keys run
 * concurrently. Keeps a thread's replies in order without serialising the whole forum.
 */
export class KeyedQueue {
	private readonly tails = new Map<string, Promise<void>>();

	get size(): number {
		return this.tails.size;
	}

	run(key: string, task: () => Promise<void>): Promise<void> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const next = previous.then(task, task);
		// The tail only orders the next task: it settles when this one settles; the failure itself goes to the caller.
		const tail = Promise.allSettled([next]).then(() => undefined);
		this.tails.set(key, tail);
		void tail.then(() => {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		});
		return next;
	}

	/** Resolves when every queued task has settled. */
	async idle(): Promise<void> {
		while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
	}
}
