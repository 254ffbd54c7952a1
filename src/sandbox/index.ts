/**
 * A local Discord-compatible server (REST + gateway) that a real discord.js Client connects to.
 * Used by the demo and by end-to-end tests.
 */

export type { AttachmentInput, EditMessageInput, ForumPostInput, PostMessageInput } from './builders.js';
export { sandboxClientOptions } from './client-options.js';
export type { ComponentSummary } from './components.js';
export { DEFAULT_FORUM_TAGS } from './default-guild.js';
export type { FaultHandle, FaultSpec, MatchableRequest, RequestMatcher } from './faults.js';
export type { GatewayFrame } from './gateway-connection.js';
export type { HoldHandle, HoldStage } from './holds.js';
export type { ComponentInput, ModalInput, SlashCommandInput, SlashOptions } from './interaction-builders.js';
export type { InteractionCallback, InteractionRecord } from './interactions.js';
export {
	DEFAULT_MEMBERS,
	DEFAULT_TOKEN,
	DISCORD_RATE_LIMITS,
	type MemberSpec,
	type RateLimitModel,
	type SandboxOptions,
} from './options.js';
export type { WaitOptions } from './record-log.js';
export type { RecordedRequest } from './rest-server.js';
export type { InteractionHandle, Sandbox } from './sandbox.js';
export { startSandbox } from './server.js';
export type { TranscriptEmbed, TranscriptEntry } from './transcript.js';
