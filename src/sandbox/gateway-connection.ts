import { deflateSync } from 'node:zlib';
import WebSocket from 'ws';

/** One gateway frame sent or received, as recorded for tests. */
export interface GatewayFrame {
	readonly index: number;
	/** `Date.now()` when the frame was sent or received. */
	readonly at: number;
	readonly direction: 'received' | 'sent';
	readonly connectionId: number;
	/** `/gateway` for fresh connections, `/resume` for the READY `resume_gateway_url`. */
	readonly path: string;
	readonly op: number;
	readonly t: string | null;
	readonly s: number | null;
	readonly d: unknown;
}

/** One client WebSocket. A session outlives its connections; that is what RESUME is for. */
export class GatewayConnection {
	/** Set by IDENTIFY `compress: true`: every frame is then a separate zlib stream (payload compression). */
	compress = false;
	/** While set, op 1 gets no op 11, so the client declares the connection a zombie. */
	isAckingHeartbeats = true;
	sessionId: string | undefined;

	constructor(
		readonly id: number,
		readonly path: string,
		private readonly socket: WebSocket,
		private readonly record: (frame: Omit<GatewayFrame, 'index' | 'at'>) => void,
	) {}

	get isOpen(): boolean {
		return this.socket.readyState === WebSocket.OPEN;
	}

	/** Sends a serialised payload; `meta` only feeds the record. */
	send(json: string, meta: { op: number; t: string | null; s: number | null; d: unknown }): void {
		if (!this.isOpen) return;
		this.socket.send(this.compress ? deflateSync(json) : json);
		this.record({ direction: 'sent', connectionId: this.id, path: this.path, ...meta });
	}

	sendOp(op: number, d: unknown): void {
		this.send(JSON.stringify({ op, d: d ?? null, s: null, t: null }), { op, t: null, s: null, d });
	}

	close(code: number, reason = ''): void {
		if (this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING) return;
		this.socket.close(code, reason);
	}

	terminate(): void {
		this.socket.terminate();
	}
}
