import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock } from './clock.js';
import { CommandStore } from './commands.js';
import type { SandboxCore } from './core.js';
import { populateDefaultGuild } from './default-guild.js';
import { FaultInjector } from './faults.js';
import { Gateway } from './gateway.js';
import type { GatewayFrame } from './gateway-connection.js';
import { RequestHolds } from './holds.js';
import { InteractionStore } from './interactions.js';
import { NonceStore } from './nonces.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { RateLimiter } from './rate-limits.js';
import { RecordLog } from './record-log.js';
import { restRoutes } from './rest-routes.js';
import { type RecordedRequest, RestServer } from './rest-server.js';
import { Sandbox } from './sandbox.js';
import { SandboxState } from './state.js';

/**
 * Starts a local Discord on 127.0.0.1 (REST under `/api/v10`, gateway at `/gateway` and
 * `/resume`, attachments under `/attachments`) with the default guild.
 *
 * @example
 * const sandbox = await startSandbox();
 * const client = new Client({ intents, ...sandboxClientOptions(sandbox) });
 * await client.login(sandbox.token);
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const resolved = resolveOptions(options);
	const state = new SandboxState(resolved.guildName, resolved.botName);
	populateDefaultGuild(state, resolved.members, resolved.botPermissions);
	let baseUrl = '';
	const requestLog = new RecordLog<RecordedRequest>((r) => `${r.method} ${r.path} → ${r.status}`, 'request');
	const gatewayLog = new RecordLog<GatewayFrame>(
		(f) => `${f.direction} op ${f.op}${f.t ? ` ${f.t}` : ''} on ${f.path}#${f.connectionId}`,
		'gateway frame',
	);
	const gateway = new Gateway(state, resolved, gatewayLog, () => `${baseUrl.replace(/^http/, 'ws')}/resume`);
	const clock = new SandboxClock();
	const core: SandboxCore = {
		state,
		gateway,
		options: resolved,
		interactions: new InteractionStore(),
		commands: new CommandStore(state),
		nonces: new NonceStore(clock),
		clock,
		baseUrl: () => baseUrl,
	};
	const faults = new FaultInjector();
	const holds = new RequestHolds();
	const limits = new RateLimiter(resolved.rateLimits, () => clock.now());
	const rest = new RestServer(core, restRoutes, faults, limits, requestLog, holds);
	const server = createServer((req, res) => {
		rest.handle(req, res).catch((error: unknown) => {
			// handle() answers every error itself; reaching here means the socket broke mid-response.
			if (!res.headersSent) res.writeHead(500).end();
			process.emitWarning(`sandbox: ${String(error)}`);
		});
	});
	server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(resolved.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	baseUrl = `http://127.0.0.1:${port}`;
	return new Sandbox({ core, server, requestLog, gatewayLog, faults, holds });
}
