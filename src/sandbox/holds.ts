import { type MatchableRequest, matchesRequest, type RequestMatcher } from './faults.js';

/**
 * Where a held request stops: `before-route` (Discord never acts on it) or `after-route` (Discord acted on it and
 * dispatched its events, but the answer never reaches the bot): the two moments a crash test kills the bot at.
 */
export type HoldStage = 'before-route' | 'after-route';

/** A live hold: `reached` resolves when a matching request is held; `release` lets it (and later ones) through. */
export interface HoldHandle {
	readonly reached: Promise<MatchableRequest>;
	release(): void;
}

interface ActiveHold {
	readonly matcher: RequestMatcher;
	readonly stage: HoldStage;
	readonly reached: (request: MatchableRequest) => void;
	readonly gate: Promise<void>;
	readonly open: () => void;
	isTaken: boolean;
}

/** Requests the sandbox keeps waiting, one per hold, so a test can kill the bot at a chosen state. */
export class RequestHolds {
	readonly #holds: ActiveHold[] = [];

	add(matcher: RequestMatcher, stage: HoldStage): HoldHandle {
		let reached: (request: MatchableRequest) => void = () => {};
		const reachedPromise = new Promise<MatchableRequest>((resolve) => {
			reached = resolve;
		});
		let open: () => void = () => {};
		const gate = new Promise<void>((resolve) => {
			open = resolve;
		});
		this.#holds.push({ matcher, stage, reached, gate, open, isTaken: false });
		return { reached: reachedPromise, release: open };
	}

	/** The gate this request waits on at `stage`, if a hold matches it (each hold takes one request). */
	take(request: MatchableRequest, stage: HoldStage): Promise<void> | undefined {
		const hold = this.#holds.find((h) => !h.isTaken && h.stage === stage && matchesRequest(h.matcher, request));
		if (!hold) return undefined;
		hold.isTaken = true;
		hold.reached(request);
		return hold.gate;
	}

	/** Lets every held request finish (the sandbox is closing). */
	releaseAll(): void {
		for (const hold of this.#holds) hold.open();
	}
}
