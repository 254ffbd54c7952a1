import { loadAdvisor } from '../advisor.js';
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { DEMO_SCENARIO } from '../simulate/demo-scenario.js';
import { formatTranscript } from '../simulate/format.js';
import { simulate } from '../simulate/run.js';
import type { CliIo } from './command.js';

/** `npm start` without a token: the real bot against the local sandbox, printed as a conversation. */
export async function runDemo(config: Config, io: CliIo): Promise<number> {
	// Logs would interleave with the conversation; only warnings and worse are shown.
	const logger = createLogger({ level: config.logLevel === 'debug' ? 'debug' : 'warn', format: 'pretty' });
	let printed = 0;
	const transcript = await simulate(DEMO_SCENARIO, {
		config,
		logger,
		advisor: loadAdvisor(config),
		onStep: (_step, so_far) => {
			const text = formatTranscript(so_far, { skip: printed, queue: false });
			printed = so_far.threads.reduce((n, t) => n + t.messages.length, 0);
			if (text !== '') io.stdout(text);
		},
	});
	// The queue messages are edited as moderators act: shown once, as they ended.
	io.stdout(formatTranscript({ ...transcript, threads: [] }));
	const tags = transcript.threads.map((t) => `"${t.title}": ${t.tags.join(', ') || 'no tags'}`).join('\n  ');
	io.stdout(
		`\nForum tags at the end:\n  ${tags}\n\nDemo finished. Set DISCORD_TOKEN (see README.md) to run on your server.\n`,
	);
	return 0;
}
