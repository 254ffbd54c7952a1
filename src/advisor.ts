import type { Config } from './config.js';
import type { Advisor } from './thread/advice.js';

/**
 * Builds the advisor the bot speaks with: triage → knowledge-base match → answer.
 * Interim: until triage and the KB land, the bot acknowledges posts so the wiring can be proven.
 */
export function loadAdvisor(_config: Config): Advisor {
	return (post) => ({
		triage: null,
		match: null,
		advice: {
			kind: 'ask',
			content: `Thanks for posting "${post.title.slice(0, 80)}". A helper will look at it soon.`,
			nextState: 'needs_info',
			reason: 'ACK',
		},
	});
}
