/** Options of the `waitFor…` queries. */
export interface WaitOptions {
	/** @defaultValue `5000` */
	readonly timeoutMs?: number;
	/** Only entries with `index >= since`; pass a length read earlier as a cursor. @defaultValue `0` */
	readonly since?: number;
}

interface Waiter<T> {
	readonly predicate: (entry: T) => boolean;
	readonly since: number;
	readonly resolve: (entry: T) => void;
}

/**
 * An append-only list of records (REST calls, gateway frames) that tests can query and wait on.
 * Each entry's `index` is its position, which doubles as the `since` cursor.
 */
export class RecordLog<T extends { readonly index: number }> {
	readonly entries: T[] = [];
	readonly #waiters = new Set<Waiter<T>>();

	constructor(
		private readonly describe: (entry: T) => string,
		private readonly what: string,
	) {}

	get nextIndex(): number {
		return this.entries.length;
	}

	push(entry: T): void {
		this.entries.push(entry);
		for (const waiter of this.#waiters) {
			if (entry.index >= waiter.since && waiter.predicate(entry)) {
				this.#waiters.delete(waiter);
				waiter.resolve(entry);
			}
		}
	}

	/** Resolves with the first entry (old or new) matching the predicate; rejects after the timeout. */
	waitFor(predicate: (entry: T) => boolean, options: WaitOptions = {}): Promise<T> {
		const since = options.since ?? 0;
		const existing = this.entries.find((e) => e.index >= since && predicate(e));
		if (existing) return Promise.resolve(existing);
		const timeoutMs = options.timeoutMs ?? 5000;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiters.delete(waiter);
				const recent = this.entries.slice(-10).map(this.describe).join('\n  ');
				reject(new Error(`sandbox: no matching ${this.what} within ${timeoutMs} ms; last ones:\n  ${recent}`));
			}, timeoutMs);
			const waiter: Waiter<T> = {
				predicate,
				since,
				resolve: (entry) => {
					clearTimeout(timer);
					resolve(entry);
				},
			};
			this.#waiters.add(waiter);
		});
	}
}
