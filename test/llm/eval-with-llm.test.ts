import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../../src/advisor.js';
import { parseEvalCases } from '../../src/eval/dataset.js';
import { openKb } from '../../src/kb/load.js';
import { createLlmClient } from '../../src/llm/client.js';
import { defaultKbDir } from '../../src/paths.js';
import { parseLlmSettings } from '../../src/settings/llm.js';
import type { Advisor } from '../../src/thread/advice.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';

const devFile = path.resolve(import.meta.dirname, '../integration/kb/fixtures/dev.jsonl');
const { cases } = parseEvalCases(readFileSync(devFile, 'utf8'));
let fake: FakeOpenAi;
beforeAll(async () => {
	fake = await startFakeOpenAi();
});
afterAll(async () => {
	await fake.close();
});

async function score(advisor: Advisor): Promise<{ correct: number; paths: string[] }> {
	let correct = 0;
	const paths: string[] = [];
	for (const c of cases) {
		const a = await advisor({ title: '', body: c.report, attachments: [] });
		const abstained = a.advice.kind !== 'answer';
		if (abstained ? c.underdetermined === true : a.match?.cause === c.cause) correct += 1;
		paths.push(a.path ?? 'kb');
	}
	return { correct, paths };
}

describe('the dev set with the LLM on (fake server that may only phrase)', () => {
	it('scores no lower than with the LLM off, and phrases answers through the real SDK', async () => {
		const open = openKb(defaultKbDir());
		const config = { matchThreshold: 0.5, supportEmail: null };
		const off = await score(createAdvisor(open, config));
		let tokens = 0;
		const client = createLlmClient(
			parseLlmSettings({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'm', phrase: true, assist: true }),
			{
				usage: {
					usedToday: () => tokens,
					add: (_now, n) => {
						tokens += n;
					},
				},
				clock: { now: () => Date.now() },
			},
		);
		const on = await score(createAdvisor(open, config, { llm: { client, phrase: true, assist: true } }));
		open.close();
		expect(on.correct).toBeGreaterThanOrEqual(off.correct);
		expect(on.paths).toContain('llm-phrased');
		expect(fake.chatRequests().length).toBeGreaterThan(0);
	});
});
