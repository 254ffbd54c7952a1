import type { ClientOptions } from 'discord.js';
import type { Sandbox } from './sandbox.js';

/**
 * The discord.js client options for talking to a sandbox. Spread them into `new Client({...})`.
 *
 * - `rest.api`: the only required one; REST builds `api + '/v10' + route`.
 * - `rest.globalRequestsPerSecond`: raised, because the client's own 50/s limiter otherwise stalls
 *   bursts for ~1 s (the sandbox models Discord's global limit itself when asked to).
 * - `ws.buildIdentifyThrottler`: no wait, because the default makes a re-IDENTIFY within 5 s of the
 *   last one wait 5–6.5 s (after op 9, say).
 */
export function sandboxClientOptions(sandbox: Pick<Sandbox, 'restApiUrl'>): Pick<ClientOptions, 'rest' | 'ws'> {
	return {
		rest: { api: sandbox.restApiUrl, globalRequestsPerSecond: 1_000_000 },
		ws: { buildIdentifyThrottler: () => ({ waitForIdentify: () => Promise.resolve() }) },
	};
}
