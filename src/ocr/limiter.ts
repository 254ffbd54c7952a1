/**
 * At most `limit` tasks at once, and at most `maxWaiting` waiting: a burst of screenshots waits its turn, and a flood
 * is refused rather than queued without end.
 */
export class Limiter {
	private running = 0;
	private readonly waiting: (() => void)[] = [];

	constructor(
		private readonly limit: number,
		private readonly maxWaiting: number,
	) {}

	/** Runs `task` when a slot is free; null (without running it) when the queue is full. */
	async run<T>(task: () => Promise<T>): Promise<T | null> {
		if (this.running >= this.limit) {
			if (this.waiting.length >= this.maxWaiting) return null;
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.running++;
		try {
			return await task();
		} finally {
			this.running--;
			this.waiting.shift()?.();
		}
	}
}
