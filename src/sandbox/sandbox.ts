import type { Server } from 'node:http';
import {
	type APIApplicationCommand,
	type APIChannel,
	type APIInteraction,
	type APIMessage,
	type APIThreadChannel,
	ChannelType,
	GatewayCloseCodes,
	GatewayOpcodes,
} from 'discord-api-types/v10';
import {
	createForumPost,
	type EditMessageInput,
	editUserMessage,
	type ForumPostInput,
	type PostMessageInput,
	postMessage,
} from './builders.js';
import type { SandboxCore } from './core.js';
import type { FaultHandle, FaultInjector, FaultSpec, RequestMatcher } from './faults.js';
import type { GatewayFrame } from './gateway-connection.js';
import type { HoldHandle, HoldStage, RequestHolds } from './holds.js';
import {
	type ComponentInput,
	clickButton,
	type ModalInput,
	type SlashCommandInput,
	selectMenu,
	slashCommand,
	submitModal,
} from './interaction-builders.js';
import type { InteractionRecord } from './interactions.js';
import type { RecordLog, WaitOptions } from './record-log.js';
import type { RecordedRequest } from './rest-server.js';
import { type TranscriptEntry, threadTags, transcript } from './transcript.js';

/** A simulated interaction the bot should answer, with a way to wait for the answer. */
export interface InteractionHandle {
	readonly id: string;
	readonly token: string;
	readonly payload: APIInteraction;
	/** Live record: callbacks, response message ids, the modal opened. */
	readonly record: InteractionRecord;
	/** Resolves with the bot's `POST /interactions/:id/:token/callback` request. */
	waitForCallback(options?: WaitOptions): Promise<RecordedRequest>;
}

export interface SandboxParts {
	readonly core: SandboxCore;
	readonly server: Server;
	readonly requestLog: RecordLog<RecordedRequest>;
	readonly gatewayLog: RecordLog<GatewayFrame>;
	readonly faults: FaultInjector;
	readonly holds: RequestHolds;
}

/**
 * A running local Discord: point discord.js at {@link Sandbox.restApiUrl}, then drive users with
 * the builders and assert on recorded requests and transcripts. Made by `startSandbox`.
 */
export class Sandbox {
	readonly #parts: SandboxParts;
	#closing: Promise<void> | undefined;

	constructor(parts: SandboxParts) {
		this.#parts = parts;
	}

	get #core(): SandboxCore {
		return this.#parts.core;
	}

	/** `http://127.0.0.1:PORT`. */
	get baseUrl(): string {
		return this.#core.baseUrl();
	}
	/** `http://127.0.0.1:PORT/api`, the value for discord.js's `rest.api` (it appends `/v10`). */
	get restApiUrl(): string {
		return `${this.baseUrl}/api`;
	}
	get gatewayUrl(): string {
		return `${this.baseUrl.replace(/^http/, 'ws')}/gateway`;
	}
	get token(): string {
		return this.#core.options.token;
	}
	get guildId(): string {
		return this.#core.state.guildId;
	}
	get applicationId(): string {
		return this.#core.state.application.id;
	}
	get botUserId(): string {
		return this.#core.state.bot.id;
	}

	/** Every HTTP request so far, oldest first. `requests.length` is a `since` cursor. */
	get requests(): readonly RecordedRequest[] {
		return this.#parts.requestLog.entries;
	}
	/** Every gateway frame sent and received so far. `gatewayFrames.length` is a `since` cursor. */
	get gatewayFrames(): readonly GatewayFrame[] {
		return this.#parts.gatewayLog.entries;
	}

	waitForRequest(predicate: (request: RecordedRequest) => boolean, options?: WaitOptions): Promise<RecordedRequest> {
		return this.#parts.requestLog.waitFor(predicate, options);
	}
	waitForGateway(predicate: (frame: GatewayFrame) => boolean, options?: WaitOptions): Promise<GatewayFrame> {
		return this.#parts.gatewayLog.waitFor(predicate, options);
	}

	/** The user id of a member by name. */
	userId(name: string): string {
		return this.#core.state.userByName(name).id;
	}
	/** A channel id by name (`help`, `moderators`). */
	channelId(name: string): string {
		return this.#core.state.channelByName(name).id;
	}
	roleId(name: string): string {
		return this.#core.state.roleByName(name).id;
	}
	/** A forum tag id by name. @defaultValue forum `'help'` */
	tagId(name: string, forum = 'help'): string {
		const channel = this.#core.state.channelByName(forum);
		const tag =
			channel.type === ChannelType.GuildForum ? channel.available_tags.find((t) => t.name === name) : undefined;
		if (!tag) throw new Error(`sandbox: forum ${forum} has no tag "${name}"`);
		return tag.id;
	}
	channel(id: string): APIChannel | undefined {
		return this.#core.state.channels.get(id);
	}
	thread(id: string): APIThreadChannel {
		return this.#core.state.requireThread(id);
	}
	/** Channel history, oldest first (no ephemeral messages). */
	messages(channelId: string): readonly APIMessage[] {
		return this.#core.state.messagesIn(channelId);
	}
	transcript(channelId: string): TranscriptEntry[] {
		return transcript(this.#core.state, channelId);
	}
	threadTags(threadId: string): string[] {
		return threadTags(this.#core.state, threadId);
	}
	interaction(id: string): InteractionRecord | undefined {
		return this.#core.interactions.get(id);
	}
	/** Registered commands: global, or of the guild when `guildId` is given. */
	commands(guildId?: string): APIApplicationCommand[] {
		return this.#core.commands.list(guildId);
	}

	createForumPost(input: ForumPostInput): { thread: APIThreadChannel; message: APIMessage } {
		return createForumPost(this.#core, input);
	}
	postMessage(input: PostMessageInput): APIMessage {
		return postMessage(this.#core, input);
	}
	/** A user edits their message: stored in place, then MESSAGE_UPDATE on the gateway. */
	editMessage(input: EditMessageInput): APIMessage {
		return editUserMessage(this.#core, input);
	}
	slashCommand(input: SlashCommandInput): InteractionHandle {
		return this.#handle(slashCommand(this.#core, input));
	}
	clickButton(input: ComponentInput): InteractionHandle {
		return this.#handle(clickButton(this.#core, input));
	}
	selectMenu(input: ComponentInput & { values: readonly string[] }): InteractionHandle {
		return this.#handle(selectMenu(this.#core, input));
	}
	submitModal(input: ModalInput): InteractionHandle {
		return this.#handle(submitModal(this.#core, input));
	}

	/** Answers the next matching request(s) with a canned response instead of the route. */
	respondOnce(matcher: RequestMatcher, spec: FaultSpec): FaultHandle {
		return this.#parts.faults.add(matcher, spec);
	}
	/**
	 * Keeps the next matching request waiting, before the route acts on it or after (the message stored and
	 * dispatched, the answer withheld), so a test can kill the bot at that state. Released on `close`.
	 */
	holdRequest(matcher: RequestMatcher, stage: HoldStage): HoldHandle {
		return this.#parts.holds.add(matcher, stage);
	}
	/** Moves the sandbox's clock forward: what Discord remembers for a while (nonces, interaction tokens) is forgotten after it. */
	advanceClock(ms: number): void {
		this.#core.clock.advance(ms);
	}
	/** Closes every gateway connection with `code`; sessions stay resumable. @defaultValue 4000 */
	disconnect(code: number = GatewayCloseCodes.UnknownError, reason = ''): void {
		this.#core.gateway.disconnect(code, reason);
	}
	/** Sends a raw op (7 reconnect, 9 invalid session, 1 heartbeat request…) to every connection. */
	sendOp(op: GatewayOpcodes, d: unknown = null): void {
		this.#core.gateway.sendOp(op, d);
	}
	/** op 9; with `resumable: false` the sessions are forgotten, so the client must re-IDENTIFY. */
	invalidateSession(resumable = false): void {
		this.#core.gateway.sendOp(GatewayOpcodes.InvalidSession, resumable);
	}
	/** Stops ACKing heartbeats on the current connections (zombie test); new connections are ACKed. */
	stopHeartbeatAcks(): void {
		this.#core.gateway.stopHeartbeatAcks();
	}
	resumeHeartbeatAcks(): void {
		this.#core.gateway.resumeHeartbeatAcks();
	}
	/** The interval sent in HELLO to connections opened from now on. */
	setHeartbeatInterval(ms: number): void {
		this.#core.gateway.heartbeatIntervalMs = ms;
	}
	/** Number of open gateway connections. */
	get connectionCount(): number {
		return this.#core.gateway.connections.size;
	}

	/** Drops all connections and stops listening. Safe to call twice. */
	close(): Promise<void> {
		this.#closing ??= new Promise<void>((resolve) => {
			this.#parts.holds.releaseAll();
			this.#core.gateway.close();
			this.#parts.server.close(() => resolve());
			// Keep-alive REST sockets would hold `close` open until they time out.
			this.#parts.server.closeAllConnections();
		});
		return this.#closing;
	}

	#handle(record: InteractionRecord): InteractionHandle {
		const path = `/interactions/${record.id}/${record.token}/callback`;
		return {
			id: record.id,
			token: record.token,
			payload: record.payload,
			record,
			waitForCallback: (options) =>
				this.#parts.requestLog.waitFor((r) => r.path === path && r.method === 'POST', options),
		};
	}
}
