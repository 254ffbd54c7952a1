import WebSocket from 'ws';
import type { Sandbox } from '../../src/sandbox/index.js';

/** A received gateway payload. */
export interface Frame {
	readonly op: number;
	readonly t: string | null;
	readonly s: number | null;
	readonly d: unknown;
}

/** A bare WebSocket client for protocol-level tests, without discord.js in between. */
export class RawGateway {
	readonly frames: Frame[] = [];
	closeCode: number | undefined;
	readonly #waiters = new Set<() => void>();

	private constructor(readonly socket: WebSocket) {
		socket.on('message', (data) => {
			this.frames.push(JSON.parse(data.toString()) as Frame);
			for (const wake of this.#waiters) wake();
		});
		socket.on('close', (code) => {
			this.closeCode = code;
			for (const wake of this.#waiters) wake();
		});
	}

	static async connect(sandbox: Sandbox, path = '/gateway', query = '?v=10&encoding=json'): Promise<RawGateway> {
		const socket = new WebSocket(`${sandbox.baseUrl.replace('http', 'ws')}${path}${query}`);
		// Listen before `open` resolves: HELLO can arrive in the same tick as the handshake.
		const gateway = new RawGateway(socket);
		await new Promise<void>((resolve, reject) => {
			socket.once('open', () => resolve());
			socket.once('error', reject);
		});
		return gateway;
	}

	/** Connects and identifies; resolves once READY (and GUILD_CREATE, if expected) arrived. */
	static async identify(sandbox: Sandbox, intents: number, token = sandbox.token): Promise<RawGateway> {
		const gateway = await RawGateway.connect(sandbox);
		await gateway.next((f) => f.op === 10);
		gateway.send(2, { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } });
		await gateway.next((f) => f.t === 'READY');
		return gateway;
	}

	send(op: number, d: unknown): void {
		this.socket.send(JSON.stringify({ op, d }));
	}

	/** The first frame (already received or not) matching the predicate. */
	next(predicate: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
		return new Promise<Frame>((resolve, reject) => {
			const check = () => {
				const found = this.frames.find(predicate);
				if (found) {
					cleanup();
					resolve(found);
				}
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`no matching frame; got ${this.frames.map((f) => f.t ?? `op${f.op}`).join(', ')}`));
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				this.#waiters.delete(check);
			};
			this.#waiters.add(check);
			check();
		});
	}

	/** Resolves with the close code once the server closed the socket. */
	closed(timeoutMs = 10_000): Promise<number> {
		return new Promise<number>((resolve, reject) => {
			const check = () => {
				if (this.closeCode !== undefined) {
					clearTimeout(timer);
					this.#waiters.delete(check);
					resolve(this.closeCode);
				}
			};
			const timer = setTimeout(() => reject(new Error('socket not closed')), timeoutMs);
			this.#waiters.add(check);
			check();
		});
	}

	dispatches(t: string): Frame[] {
		return this.frames.filter((f) => f.t === t);
	}

	close(code = 1000): void {
		this.socket.close(code);
	}
}

/** Lets pending socket traffic arrive before asserting that something did *not* happen. */
export function settle(ms = 50): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
