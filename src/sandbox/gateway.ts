import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { type RawData, WebSocketServer } from 'ws';
import { z } from 'zod';
import { GatewayConnection, type GatewayFrame } from './gateway-connection.js';
import { GatewaySession } from './gateway-session.js';
import { randomToken } from './ids.js';
import { type DispatchPayload, dispatchPayload, guildIdOf } from './intents.js';
import type { ResolvedOptions } from './options.js';
import { guildCreatePayload } from './payloads.js';
import type { RecordLog } from './record-log.js';
import type { SandboxState } from './state.js';

const PayloadSchema = z.object({ op: z.number().int(), d: z.unknown() });

/** The IDENTIFY fields the sandbox reads. @see GatewayIdentifyData */
const IdentifySchema = z.object({
	token: z.string(),
	intents: z.number(),
	compress: z.boolean().optional(),
	shard: z.tuple([z.number(), z.number()]).optional(),
});
type Identify = z.infer<typeof IdentifySchema>;

/** @see GatewayResumeData */
const ResumeSchema = z.object({ token: z.string(), session_id: z.string(), seq: z.number() });
type Resume = z.infer<typeof ResumeSchema>;

/**
 * The gateway WebSocket: HELLO, IDENTIFY/READY/GUILD_CREATE, heartbeats, RESUME with replay, and
 * the control ops tests inject. Serves `/gateway` and `/resume` on the sandbox's HTTP server.
 *
 * @see https://discord.com/developers/docs/events/gateway
 */
export class Gateway {
	readonly sessions = new Map<string, GatewaySession>();
	readonly connections = new Set<GatewayConnection>();
	readonly #wss = new WebSocketServer({ noServer: true });
	#nextConnectionId = 1;
	heartbeatIntervalMs: number;

	constructor(
		private readonly state: SandboxState,
		private readonly options: ResolvedOptions,
		private readonly frames: RecordLog<GatewayFrame>,
		private readonly resumeUrl: () => string,
	) {
		this.heartbeatIntervalMs = options.heartbeatIntervalMs;
	}

	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		const url = new URL(request.url ?? '/', 'http://sandbox');
		if (url.pathname !== '/gateway' && url.pathname !== '/resume') {
			socket.destroy();
			return;
		}
		this.#wss.handleUpgrade(request, socket, head, (ws) => {
			const connection = new GatewayConnection(this.#nextConnectionId++, url.pathname, ws, (frame) =>
				this.#record(frame),
			);
			this.connections.add(connection);
			ws.on('message', (data) => this.#onMessage(connection, data));
			ws.on('close', (code) => this.#onClose(connection, code));
			// Without zlib-sync, discord.js asks for no transport compression; zlib-stream is not modelled,
			// and 4012 is a close code the client does not retry, so the failure is loud.
			if (url.searchParams.has('compress') || (url.searchParams.get('encoding') ?? 'json') !== 'json') {
				connection.close(GatewayCloseCodes.InvalidAPIVersion, 'sandbox speaks json without transport compression');
				return;
			}
			if (url.searchParams.get('v') !== '10') {
				connection.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
				return;
			}
			connection.sendOp(GatewayOpcodes.Hello, { heartbeat_interval: this.heartbeatIntervalMs });
		});
	}

	/** Sends a dispatch to every live session (buffered for those currently disconnected). */
	dispatch(payload: DispatchPayload): void {
		for (const session of this.sessions.values()) {
			if (this.#isOnShard(session, payload)) session.dispatch(payload);
		}
	}

	/** Closes every open connection with `code`; sessions survive, so the client can RESUME. */
	disconnect(code: number, reason = ''): void {
		for (const connection of this.connections) connection.close(code, reason);
	}

	/** Sends a raw op to every open connection. op 9 with `d: false` also forgets the sessions. */
	sendOp(op: number, d: unknown): void {
		for (const connection of this.connections) {
			if (!connection.isOpen) continue;
			connection.sendOp(op, d);
			if (op === GatewayOpcodes.InvalidSession && d !== true && connection.sessionId) {
				this.sessions.delete(connection.sessionId);
			}
		}
	}

	/** Stops ACKing heartbeats on the connections open now; new connections are ACKed again. */
	stopHeartbeatAcks(): void {
		for (const connection of this.connections) connection.isAckingHeartbeats = false;
	}

	resumeHeartbeatAcks(): void {
		for (const connection of this.connections) connection.isAckingHeartbeats = true;
	}

	close(): void {
		for (const connection of this.connections) connection.terminate();
		this.connections.clear();
		this.#wss.close();
	}

	#onMessage(connection: GatewayConnection, data: RawData): void {
		let payload: z.infer<typeof PayloadSchema>;
		try {
			payload = PayloadSchema.parse(JSON.parse(data.toString()));
		} catch {
			connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
			return;
		}
		const { op } = payload;
		this.#record({
			direction: 'received',
			connectionId: connection.id,
			path: connection.path,
			op,
			t: null,
			s: null,
			d: payload.d,
		});
		switch (op) {
			case GatewayOpcodes.Heartbeat:
				if (connection.isAckingHeartbeats) connection.sendOp(GatewayOpcodes.HeartbeatAck, null);
				return;
			case GatewayOpcodes.Identify: {
				const identify = IdentifySchema.safeParse(payload.d);
				if (identify.success) this.#identify(connection, identify.data);
				else connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
				return;
			}
			case GatewayOpcodes.Resume: {
				const resume = ResumeSchema.safeParse(payload.d);
				if (resume.success) this.#resume(connection, resume.data);
				else connection.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
				return;
			}
			case GatewayOpcodes.PresenceUpdate:
			case GatewayOpcodes.VoiceStateUpdate:
			case GatewayOpcodes.RequestGuildMembers:
				if (!connection.sessionId) connection.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
				return;
			default:
				connection.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
		}
	}

	#identify(connection: GatewayConnection, d: Identify): void {
		if (connection.sessionId) {
			connection.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
			return;
		}
		if (!this.#isTokenValid(d.token)) {
			connection.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
			return;
		}
		if (!Number.isInteger(d.intents) || d.intents < 0) {
			connection.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
			return;
		}
		const privileged = (1 << 1) | (1 << 8) | (1 << 15);
		if ((d.intents & privileged & ~this.options.allowedPrivilegedIntents) !== 0) {
			connection.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
			return;
		}
		const shard = d.shard ?? [0, 1];
		if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
			connection.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
			return;
		}
		connection.compress = d.compress === true;
		const session = new GatewaySession(
			randomToken(16),
			d.intents,
			shard,
			this.state.bot.id,
			this.options.replayBufferSize,
		);
		this.sessions.set(session.id, session);
		this.#attach(session, connection);
		const guilds = this.#isGuildOnShard(session) ? [{ id: this.state.guildId, unavailable: true }] : [];
		session.dispatch(
			dispatchPayload(GatewayDispatchEvents.Ready, {
				v: 10,
				user: this.state.bot,
				guilds,
				session_id: session.id,
				resume_gateway_url: this.resumeUrl(),
				shard: [shard[0], shard[1]],
				application: {
					id: this.state.application.id,
					flags: this.state.application.flags,
					flags_new: String(this.state.application.flags),
				},
			}),
		);
		if (guilds.length > 0) {
			session.dispatch(dispatchPayload(GatewayDispatchEvents.GuildCreate, guildCreatePayload(this.state)));
		}
	}

	#resume(connection: GatewayConnection, d: Resume): void {
		const session = this.sessions.get(d.session_id);
		if (!session || !this.#isTokenValid(d.token)) {
			connection.sendOp(GatewayOpcodes.InvalidSession, false);
			return;
		}
		if (session.connection && session.connection !== connection) session.connection.sessionId = undefined;
		this.#attach(session, connection);
		if (!session.replayAfter(d.seq)) {
			this.sessions.delete(session.id);
			connection.sessionId = undefined;
			connection.sendOp(GatewayOpcodes.InvalidSession, false);
			return;
		}
		session.dispatch(dispatchPayload(GatewayDispatchEvents.Resumed, undefined));
	}

	#attach(session: GatewaySession, connection: GatewayConnection): void {
		session.connection = connection;
		connection.sessionId = session.id;
	}

	#onClose(connection: GatewayConnection, code: number): void {
		this.connections.delete(connection);
		const session = connection.sessionId ? this.sessions.get(connection.sessionId) : undefined;
		if (!session || session.connection !== connection) return;
		session.connection = undefined;
		// A clean close (1000/1001) ends the session on Discord; anything else may be resumed.
		if (code === 1000 || code === 1001) this.sessions.delete(session.id);
	}

	#isTokenValid(token: unknown): boolean {
		return token === this.options.token || token === `Bot ${this.options.token}`;
	}

	#isGuildOnShard(session: GatewaySession): boolean {
		const [id, count] = session.shard;
		return Number((BigInt(this.state.guildId) >> 22n) % BigInt(count)) === id;
	}

	#isOnShard(session: GatewaySession, payload: DispatchPayload): boolean {
		return guildIdOf(payload.d) === undefined || this.#isGuildOnShard(session);
	}

	#record(frame: Omit<GatewayFrame, 'index' | 'at'>): void {
		this.frames.push({ ...frame, index: this.frames.nextIndex, at: Date.now() });
	}
}
