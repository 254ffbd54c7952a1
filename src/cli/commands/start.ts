import { parseArgs } from 'node:util';
import { createApp } from '../../app.js';
import { type Config, readEnvironmentNames, unknownSettingWarnings } from '../../config.js';
import { createLogger } from '../../log.js';
import { type CliCommand, type CliIo, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';
import { runDemo } from '../demo.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export const command: CliCommand = {
	name: 'start',
	summary: 'run the bot (the offline demo when DISCORD_TOKEN is unset)',
	usage: 'doorman start',
	async run(args, io) {
		try {
			parseArgs({ args: [...args], options: {}, strict: true });
		} catch (error) {
			io.stderr(`doorman start: ${error instanceof Error ? error.message : String(error)}\nusage: ${this.usage}\n`);
			return EXIT_USAGE;
		}
		// A misspelt setting silently keeps its default (DISCORD_TOKE would even start the demo): say so first.
		for (const line of unknownSettingWarnings(readEnvironmentNames(io.cwd))) io.stderr(`doorman: warning: ${line}\n`);
		const config = commandConfig(io, 'doorman');
		if (config === null) return 1;
		if (config.discordToken === null) {
			io.stdout(
				'No DISCORD_TOKEN set: running the offline demo (the real bot against a local Discord, scripted forum threads).\n\n',
			);
			return runDemo(config, io);
		}
		return runForReal(config, config.discordToken, io);
	},
};

async function runForReal(config: Config, token: string, io: CliIo): Promise<number> {
	// Listen for stop signals before connecting, so a SIGTERM during start-up still shuts down cleanly.
	const stopRequested = new Promise<string>((resolve) => {
		for (const s of STOP_SIGNALS) process.once(s, () => resolve(s));
	});
	const logger = createLogger({ level: config.logLevel, format: config.logFormat });
	const endpoint = config.discordApiUrl === null ? {} : { restApi: config.discordApiUrl };
	const app = await createApp({ config, logger, token, endpoint });
	io.stdout(`Doorman is running (watching ${config.forumChannelIds.length} forum channel(s)). Stop with Ctrl-C.\n`);
	const signal = await stopRequested;
	logger.info({ signal, graceMs: config.stopGraceMs }, 'stopping: finishing in-flight work');
	const report = await app.stop();
	io.stdout('Doorman stopped.\n');
	// Work cut short at the end of the grace period still waits on timers discord.js cannot cancel (a channel's rate
	// limit): exiting now keeps it from waking against the closed database. It is pending in the store for the next start.
	if (report.unfinished > 0) process.exit(0);
	return 0;
}
