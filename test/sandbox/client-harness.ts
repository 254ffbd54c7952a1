import { Client, type ClientEvents, Events, GatewayIntentBits } from 'discord.js';
import { type Sandbox, sandboxClientOptions } from '../../src/sandbox/index.js';

/** The intents the production bot uses. */
export const BOT_INTENTS = [
	GatewayIntentBits.Guilds,
	GatewayIntentBits.GuildMessages,
	GatewayIntentBits.MessageContent,
];

/** Rejects after `ms` with a message naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}

/** Resolves with the arguments of the next `event` the client emits. */
export function nextEvent<E extends keyof ClientEvents>(
	client: Client,
	event: E,
	ms = 15_000,
): Promise<ClientEvents[E]> {
	return withTimeout(
		new Promise<ClientEvents[E]>((resolve) => {
			client.once(event, (...args: ClientEvents[E]) => resolve(args));
		}),
		ms,
		`client event ${String(event)}`,
	);
}

/**
 * Logs a real discord.js client into the sandbox. `setup` registers the inline bot's handlers
 * before login; clientReady is awaited through a listener registered before login (quirk 3).
 */
export async function startClient(
	sandbox: Sandbox,
	setup: (client: Client) => void = () => {},
	intents: readonly GatewayIntentBits[] = BOT_INTENTS,
): Promise<Client<true>> {
	const client = new Client({ intents: [...intents], ...sandboxClientOptions(sandbox) });
	setup(client);
	const ready = nextEvent(client, Events.ClientReady, 10_000);
	await client.login(sandbox.token);
	await ready;
	if (!client.isReady()) throw new Error('client not ready after clientReady');
	return client;
}

/**
 * Destroys a settled client with a timeout: destroy() during a reconnect can hang (quirk 1), and
 * a hung teardown must fail the test rather than stall the run.
 */
export async function stopClient(client: Client | undefined): Promise<void> {
	if (!client) return;
	await withTimeout(client.destroy(), 3000, 'client.destroy()');
}
