import { Events, RESTEvents, Status } from 'discord.js';
import { newRef } from '../log.js';
import { type BotContext, type BotDeps, createBotContext, type RunningBot, type StopReport } from './bot-context.js';
import { listenForInteractions } from './bot-interactions.js';
import { listenForEdits, listenForMessages } from './bot-messages.js';
import { CatchUpRunner, finishDiscordEffects, finishHandOffs, registerCommands, resendPending } from './bot-ready.js';
import { listenForNewThreads } from './bot-threads.js';

export type { BotDeps, BotOptions, RunningBot, StopReport } from './bot-context.js';

/**
 * Wires listeners onto a discord.js client and logs in, one listener per event (bot-messages, bot-threads,
 * bot-ready, bot-interactions); each translates its event into the core's terms and performs the decision.
 */
export async function startBot(deps: BotDeps, token: string): Promise<RunningBot> {
	const ctx = createBotContext(deps);
	const { client, ports, logger, metrics } = ctx;
	const lastEventAt = listenForHealth(ctx);
	const catchUps = new CatchUpRunner(ctx);
	listenForNewThreads(ctx);
	catchUps.listenForResumes();
	listenForEdits(ctx);
	listenForMessages(ctx);
	listenForInteractions(ctx);
	const emailTimer = startEmailRetries(ctx);
	client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));

	const startedAt = ports.clock.now();
	const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
	await client.login(token);
	await ready;
	logger.info({ user: client.user?.tag, forums: [...ctx.forums] }, 'connected to Discord');
	await registerCommands(ctx);
	await resendPending(ctx, startedAt);
	await finishHandOffs(ctx, startedAt);
	await finishDiscordEffects(ctx, startedAt);
	// In the background: the bot is ready (health, new posts) while a backlog from downtime is worked through.
	void catchUps.run();

	/** Resolves when every event received so far has been handled, a catch-up in progress included. */
	async function idle(): Promise<void> {
		// A catch-up queues more work as it goes: idle once it is done and the queues are empty.
		await catchUps.done();
		await ctx.queue.idle();
	}

	metrics.setQueueDepthSource(() => ctx.queue.size);
	return {
		isConnected: () => client.ws.status === Status.Ready,
		lastEventAt,
		idle,
		stop: () => stopBot(ctx, emailTimer, idle),
	};
}

/** For /healthz and the metrics: when the last gateway event arrived, 429s, reconnects. */
function listenForHealth(ctx: BotContext): () => number | null {
	const { client, metrics } = ctx;
	let lastEventAt: number | null = null;
	client.on(Events.Raw, () => {
		lastEventAt = Date.now();
	});
	client.rest.on(RESTEvents.Response, (_request, response) => {
		if (response.status === 429) metrics.rest429s.inc();
	});
	client.on(Events.ShardReconnecting, () => metrics.gatewayReconnects.inc());
	return () => lastEventAt;
}

/** Due email retries every minute, on the queue under their own key, so a stop waits for one under way like any handler (or leaves its lease). */
function startEmailRetries(ctx: BotContext): NodeJS.Timeout {
	const timer = setInterval(() => {
		void ctx.queue.run('email-retry', () =>
			ctx.escalations
				.retryDueEmails()
				.then(async (results) => {
					for (const r of results) if ('queue' in r) await ctx.queueChannel.refresh(r.escalation.id, r.queue, newRef());
				})
				.catch((error: unknown) => {
					if (!ctx.lifecycle.cutShort) ctx.logger.error({ err: error }, 'email retry failed');
				}),
		);
	}, 60_000);
	timer.unref();
	return timer;
}

/** Stops taking events, lets in-flight work finish within the grace period, then disconnects. */
async function stopBot(ctx: BotContext, emailTimer: NodeJS.Timeout, idle: () => Promise<void>): Promise<StopReport> {
	ctx.lifecycle.stopping = true;
	clearInterval(emailTimer);
	const graceMs = ctx.options.stopGraceMs ?? 8000;
	let timer: NodeJS.Timeout | undefined;
	const finished = await Promise.race([
		idle().then(() => true),
		new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(false), graceMs);
		}),
	]);
	clearTimeout(timer);
	const unfinished = finished ? 0 : Math.max(1, ctx.queue.size);
	if (!finished) {
		ctx.lifecycle.cutShort = true;
		ctx.logger.warn(
			{ unfinished, graceMs },
			'stop: grace period over; work still waiting on Discord stays pending and is completed on the next start',
		);
	}
	await ctx.client.destroy();
	return { unfinished };
}
