import type { Config } from './config.js';
import { type RunningBot, startBot } from './discord/bot.js';
import { createDiscordClient, type DiscordEndpoint } from './discord/client.js';
import type { Logger } from './log.js';
import { type Db, openStore } from './store/open.js';
import { sqliteThreadPorts } from './store/ports.js';
import type { Advisor } from './thread/advice.js';
import type { Clock } from './thread/ports.js';

export interface AppOptions {
	readonly config: Config;
	readonly logger: Logger;
	readonly token: string;
	/** Real Discord by default; the demo, `doorman simulate` and tests point it at the sandbox. */
	readonly endpoint?: DiscordEndpoint;
	readonly advisor: Advisor;
	readonly clock?: Clock;
	/** Forum ids override (the sandbox's forum when simulating). */
	readonly forumChannelIds?: readonly string[];
	readonly guildId?: string;
	readonly moderatorRoleIds?: readonly string[];
	readonly helperRoleIds?: readonly string[];
}

export interface App {
	readonly db: Db;
	readonly bot: RunningBot;
	stop(): Promise<void>;
}

/**
 * The one composition of the bot, shared by `doorman start`, the demo, `doorman simulate` and the
 * end-to-end tests; only the Discord endpoint and ids differ.
 */
export async function createApp(options: AppOptions): Promise<App> {
	const { config, logger } = options;
	const { db, migration } = openStore(config.databasePath);
	if (migration.applied.length > 0) logger.info({ ...migration }, 'database migrated');
	const ports = sqliteThreadPorts(db, options.clock);
	const client = createDiscordClient(options.endpoint ?? {});
	try {
		const bot = await startBot(
			{
				client,
				ports,
				advisor: options.advisor,
				logger,
				options: {
					forumChannelIds: options.forumChannelIds ?? config.forumChannelIds,
					guildId: options.guildId ?? config.guildId,
					roles: {
						moderatorRoleIds: options.moderatorRoleIds ?? config.moderatorRoleIds,
						helperRoleIds: options.helperRoleIds ?? config.helperRoleIds,
					},
					tags: config.tags,
					attachmentMaxBytes: config.attachmentMaxBytes,
				},
			},
			options.token,
		);
		let stopping: Promise<void> | undefined;
		return {
			db,
			bot,
			stop() {
				stopping ??= bot.stop().finally(() => db.close());
				return stopping;
			},
		};
	} catch (error) {
		await client.destroy().catch(() => {});
		db.close();
		throw error;
	}
}
