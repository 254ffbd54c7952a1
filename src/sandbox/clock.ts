/**
 * The sandbox's own time, for what Discord forgets on its own (the nonce memory): a test moves it forward to stand
 * for a long outage without waiting, while the bot in its own process keeps real time.
 */
export class SandboxClock {
	#offsetMs = 0;

	now(): number {
		return Date.now() + this.#offsetMs;
	}

	advance(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`sandbox clock moves forward only, got ${ms}`);
		this.#offsetMs += ms;
	}
}
