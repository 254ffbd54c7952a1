import type { GatewayConnection } from './gateway-connection.js';
import type { DispatchPayload } from './intents.js';
import { applyMessageContentRule, isDispatchWanted } from './intents.js';

interface BufferedFrame {
	readonly s: number;
	readonly json: string;
	readonly payload: DispatchPayload;
}

/**
 * A gateway session: its own sequence numbers, intents and a buffer of recent dispatches. Events
 * dispatched while no connection is attached are buffered and replayed on RESUME.
 */
export class GatewaySession {
	#seq = 0;
	readonly #buffer: BufferedFrame[] = [];
	connection: GatewayConnection | undefined;

	constructor(
		readonly id: string,
		readonly intents: number,
		readonly shard: readonly [number, number],
		private readonly botId: string,
		private readonly bufferSize: number,
	) {}

	get seq(): number {
		return this.#seq;
	}

	/** Filters by intent, blanks content if needed, numbers, buffers and (if connected) sends. */
	dispatch(payload: DispatchPayload): void {
		if (!isDispatchWanted(payload, this.intents)) return;
		const shaped = applyMessageContentRule(payload, this.intents, this.botId);
		const s = ++this.#seq;
		const json = JSON.stringify({ op: 0, t: shaped.t, s, d: shaped.d ?? null });
		this.#buffer.push({ s, json, payload: shaped });
		if (this.#buffer.length > this.bufferSize) this.#buffer.shift();
		this.connection?.send(json, { op: 0, t: shaped.t, s, d: shaped.d });
	}

	/**
	 * Replays every buffered dispatch after `seq` on the attached connection. Returns false when the
	 * buffer no longer reaches back that far (Discord then answers op 9).
	 */
	replayAfter(seq: number): boolean {
		const oldest = this.#buffer[0];
		if (seq < this.#seq && oldest !== undefined && oldest.s > seq + 1) return false;
		if (seq > this.#seq) return false;
		for (const frame of this.#buffer) {
			if (frame.s > seq) {
				this.connection?.send(frame.json, { op: 0, t: frame.payload.t, s: frame.s, d: frame.payload.d });
			}
		}
		return true;
	}
}
