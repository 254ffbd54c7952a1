import type { SandboxClock } from './clock.js';
import type { CommandStore } from './commands.js';
import type { Gateway } from './gateway.js';
import type { InteractionStore } from './interactions.js';
import type { NonceStore } from './nonces.js';
import type { ResolvedOptions } from './options.js';
import type { SandboxState } from './state.js';

/** The parts of a running sandbox that routes and drivers share. */
export interface SandboxCore {
	readonly state: SandboxState;
	readonly gateway: Gateway;
	readonly options: ResolvedOptions;
	readonly interactions: InteractionStore;
	readonly commands: CommandStore;
	readonly nonces: NonceStore;
	/** The sandbox's time for what Discord forgets on its own (nonces); tests move it forward. */
	readonly clock: SandboxClock;
	/** `http://127.0.0.1:PORT`, known once the server listens. */
	readonly baseUrl: () => string;
}
