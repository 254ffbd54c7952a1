import { loadAdvisor } from './advisor.js';
import type { Config } from './config.js';
import { type RunningBot, type StopReport, startBot } from './discord/bot.js';
import { createDiscordClient, type DiscordEndpoint } from './discord/client.js';
import type { Mailer } from './escalation/ports.js';
import { type EscalationService, escalationService } from './escalation/service.js';
import { loadVendors } from './kb/load.js';
import { createLlmClient } from './llm/client.js';
import type { Logger } from './log.js';
import { createSmtpMailer } from './mail/smtp-mailer.js';
import type { Clock } from './model.js';
import { createOcrEngine, disabledOcr, type OcrEngine } from './ocr/engine.js';
import { databaseHealth, isWritable } from './ops/database-writable.js';
import { startOpsServer } from './ops/http-server.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { firstStartedAt } from './store/bot-meta.js';
import { communityCaseRepository, communityCaseSource } from './store/community-cases.js';
import { discordEffectRepository } from './store/discord-effects.js';
import { escalationRepository } from './store/escalations.js';
import { sqliteLlmPorts } from './store/llm-cache.js';
import { type Db, openStore } from './store/open.js';
import { sqliteThreadPorts, systemClock } from './store/ports.js';
import { readReportInput, reportLogRepository } from './store/report-data.js';
import { purgeOlderThanInBackground } from './store/retention.js';
import type { Advisor } from './thread/advice.js';
import { catchUpCutoff } from './thread/catch-up-policy.js';
import { buildGapReport } from './thread/gap-report.js';

export interface AppOptions {
	readonly config: Config;
	readonly logger: Logger;
	readonly token: string;
	/** Real Discord by default; the demo, `doorman simulate` and tests point it at the sandbox. */
	readonly endpoint?: DiscordEndpoint;
	/** Defaults to the KB advisor (with the LLM when configured); tests pass their own. */
	readonly advisor?: Advisor;
	readonly clock?: Clock;
	/** Forum ids override (the sandbox's forum when simulating). */
	readonly forumChannelIds?: readonly string[];
	readonly guildId?: string;
	readonly moderatorRoleIds?: readonly string[];
	readonly helperRoleIds?: readonly string[];
	readonly moderatorChannelId?: string;
	readonly metrics?: Metrics;
	/** Replaces the SMTP mailer (the simulation captures emails instead of sending them). */
	readonly mailer?: Mailer | null;
	/** Replaces the OCR engine built from OCR_* settings. */
	readonly ocr?: OcrEngine;
}

export interface App {
	readonly db: Db;
	readonly escalations: EscalationService;
	readonly bot: RunningBot;
	readonly metrics: Metrics;
	/** Base URL of /healthz and /metrics, when HTTP_PORT is set. */
	readonly opsUrl: string | null;
	/** Stops the bot (see `RunningBot.stop`), then closes the database once the last handler is done or cut short. */
	stop(): Promise<StopReport>;
}

/**
 * The one composition of the bot, shared by `doorman start`, the demo, `doorman simulate` and the
 * end-to-end tests; only the Discord endpoint and ids differ.
 */
export async function createApp(options: AppOptions): Promise<App> {
	const { config, logger } = options;
	// Checked before anything opens: a broken vendor record stops start-up like a broken KB entry.
	const vendors = loadVendors(config.kbDir);
	const { db, migration } = openStore(config.databasePath);
	if (migration.applied.length > 0) logger.info({ ...migration }, 'database migrated');
	const clock = options.clock ?? systemClock;
	const smtpMailer = config.smtp === null ? null : createSmtpMailer(config.smtp);
	const mailer: Mailer | null = options.mailer === undefined ? smtpMailer : options.mailer;
	const escalations = escalationService({
		store: escalationRepository(db),
		clock,
		mailer,
		defaultSupportTo: config.supportEmail,
		vendors,
		replyTo: config.smtp?.replyTo ?? null,
		moderatorLanguage: config.moderatorLanguage,
		...(config.communityName === null ? {} : { community: config.communityName }),
	});
	const ports = sqliteThreadPorts(db, escalations, clock);
	const metrics = options.metrics ?? createMetrics();
	const llmPorts = sqliteLlmPorts(db);
	const communityCases = communityCaseRepository(db);
	const learning = { store: communityCases, now: () => clock.now(), enabled: config.learnFromResolved };
	const advisor =
		options.advisor ??
		loadAdvisor(config, {
			onTriage: (seconds) => metrics.triageSeconds.observe(seconds),
			onMatch: (seconds) => metrics.matchSeconds.observe(seconds),
			...(config.learnFromResolved ? { communityCases: communityCaseSource(communityCases) } : {}),
			llm:
				config.llm === null
					? null
					: {
							client: createLlmClient(config.llm, {
								usage: llmPorts.usage,
								clock,
								onReject: (reason, info) => logger.info({ reason, ...info }, 'LLM output not used; KB answer kept'),
							}),
							phrase: config.llm.phrase,
							assist: config.llm.assist,
							modelCheck: { cache: llmPorts.models, settings: config.llm, now: () => clock.now() },
						},
		});
	const ocr = options.ocr ?? (config.ocr === null ? disabledOcr : createOcrEngine(config.ocr));
	const ocrStatus = await ocr.probe();
	// Without an engine the bot still runs: images are noted as unread and the error asked for as text.
	if (ocrStatus.available) logger.info({ engine: ocrStatus.detail }, 'screenshots are read with OCR');
	else logger.warn({ reason: ocrStatus.detail }, 'screenshots cannot be read here (no OCR engine)');
	const images = {
		maxBytes: config.ocr?.maxBytes ?? 0,
		status: () => ocr.status(),
		read: (bytes: Buffer) => ocr.read(bytes),
	};
	const client = createDiscordClient(options.endpoint ?? {});
	try {
		const bot = await startBot(
			{
				client,
				ports,
				escalations,
				metrics,
				advisor,
				answerPaths: llmPorts.paths,
				logger,
				learning,
				reportLog: reportLogRepository(db),
				report: (since) => buildGapReport(readReportInput(db, since, clock.now())),
				effects: discordEffectRepository(db),
				images,
				options: {
					forumChannelIds: options.forumChannelIds ?? config.forumChannelIds,
					guildId: options.guildId ?? config.guildId,
					roles: {
						moderatorRoleIds: options.moderatorRoleIds ?? config.moderatorRoleIds,
						helperRoleIds: options.helperRoleIds ?? config.helperRoleIds,
					},
					tags: config.tags,
					attachmentMaxBytes: config.attachmentMaxBytes,
					moderatorChannelId: options.moderatorChannelId ?? config.moderatorChannelId,
					defaultLanguage: config.defaultLanguage,
					moderatorLanguage: config.moderatorLanguage,
					catchUpCutoff: catchUpCutoff(firstStartedAt(db, clock.now()), config.catchUpWindowHours),
					stopGraceMs: config.stopGraceMs,
				},
			},
			options.token,
		);
		const ops =
			config.http === null
				? null
				: await startOpsServer({
						host: config.http.host,
						port: config.http.port,
						maxEventAgeMs: config.http.maxEventAgeMs ?? undefined,
						metrics,
						logger,
						health: {
							isGatewayConnected: () => bot.isConnected(),
							isDatabaseWritable: () => isWritable(db),
							databaseProblems: databaseHealth(db, () => Date.now()),
							lastEventAt: () => bot.lastEventAt(),
							now: () => Date.now(),
							isOcrAvailable: () => ocr.status().available,
						},
					});
		// Retention: purge once at start, then daily; nothing kept past RETENTION_DAYS except open escalations. In small
		// batches that yield to the event loop, so posts are answered while a large purge runs.
		const purgeStop = new AbortController();
		let purging: Promise<void> = Promise.resolve();
		const purge = () => {
			purging = purgeOlderThanInBackground(db, Date.now() - config.retentionDays * 24 * 60 * 60 * 1000, {
				signal: purgeStop.signal,
			})
				.then((report) => logger.info({ ...report, retentionDays: config.retentionDays }, 'retention purge'))
				.catch((error: unknown) => logger.error({ err: error }, 'retention purge failed'));
		};
		purge();
		const purgeTimer = setInterval(purge, 24 * 60 * 60 * 1000);
		purgeTimer.unref();
		let stopping: Promise<StopReport> | undefined;
		return {
			db,
			escalations,
			bot,
			metrics,
			opsUrl: ops?.url ?? null,
			stop() {
				clearInterval(purgeTimer);
				purgeStop.abort();
				stopping ??= Promise.all([bot.stop(), ops?.close(), purging])
					.then(([report]) => report)
					.finally(() => {
						smtpMailer?.close();
						db.close();
					});
				return stopping;
			},
		};
	} catch (error) {
		await client.destroy().catch(() => {});
		db.close();
		throw error;
	}
}
