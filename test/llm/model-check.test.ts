import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { checkModel, knownModels, modelCheck, nearestModels } from '../../src/llm/model-check.js';
import { modelCache, tokenLedger } from '../../src/store/llm-cache.js';
import { openStore } from '../../src/store/open.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { useTmpDir } from '../support/tmp-dir.js';
import { fixedClock, NOW, settings } from './fixtures.js';

const OPENAI = [
	'gpt-4o',
	'gpt-4o-mini',
	'gpt-4.1',
	'gpt-4.1-mini',
	'o3',
	'o3-mini',
	'o4-mini',
	'text-embedding-3-small',
];
const ROUTER = [
	'openai/gpt-4o',
	'openai/gpt-4o-mini',
	'anthropic/claude-3.5-sonnet',
	'google/gemini-2.5-pro',
	'meta-llama/llama-3.1-8b-instruct',
];

describe('nearestModels', () => {
	it('suggests the closest ids for a typo, best first', () => {
		expect(nearestModels('gpt-4o-mni', OPENAI)[0]).toBe('gpt-4o-mini');
		expect(nearestModels('gpt4o', OPENAI)[0]).toBe('gpt-4o');
		expect(nearestModels('o3-min', OPENAI)[0]).toBe('o3-mini');
	});

	it('maps between bare and vendor-prefixed ids', () => {
		expect(nearestModels('gpt-4o', ROUTER)[0]).toBe('openai/gpt-4o');
		expect(nearestModels('openai/gpt-4o-mini', OPENAI)[0]).toBe('gpt-4o-mini');
		expect(nearestModels('claude-3.5-sonnet', ROUTER)[0]).toBe('anthropic/claude-3.5-sonnet');
	});

	it('prefers the same vendor, and drops a variant suffix the endpoint does not list', () => {
		expect(nearestModels('openai/gpt-4o-mni', [...ROUTER, 'azure/gpt-4o-mini'])[0]).toBe('openai/gpt-4o-mini');
		expect(nearestModels('meta-llama/llama-3.1-8b-instruct:free', ROUTER)[0]).toBe('meta-llama/llama-3.1-8b-instruct');
	});

	it('returns at most n ids and nothing unrelated', () => {
		expect(nearestModels('gpt-4', OPENAI, 2)).toHaveLength(2);
		expect(nearestModels('whisper-large-v3', OPENAI)).toEqual([]);
	});
});

describe('checkModel', () => {
	it('is listed only on an exact, case-sensitive match', () => {
		expect(checkModel('gpt-4o', OPENAI)).toEqual({ listed: true, suggestions: [] });
		expect(checkModel('GPT-4o', OPENAI)).toEqual({ listed: false, suggestions: expect.arrayContaining(['gpt-4o']) });
		expect(checkModel('GPT-4o', OPENAI).suggestions[0]).toBe('gpt-4o');
		expect(checkModel('gpt-5-turbo', OPENAI).listed).toBe(false);
	});
});

describe('modelCheck with the SQLite cache', () => {
	const tmp = useTmpDir();
	let fake: FakeOpenAi;
	beforeAll(async () => {
		fake = await startFakeOpenAi();
	});
	afterAll(async () => {
		await fake.close();
	});
	beforeEach(() => {
		fake.reset();
		fake.setModels(ROUTER);
	});

	function setup(ttl = 60_000) {
		const { db } = openStore(path.join(tmp(), 'doorman.db'));
		const s = settings({ baseUrl: `${fake.baseUrl}/`, modelsTtlMs: ttl });
		const client = createLlmClient(s, { usage: tokenLedger(db), clock: fixedClock() });
		return { db, s, client, cache: modelCache(db) };
	}
	const listCalls = () => fake.requests.filter((r) => r.path === '/v1/models').length;

	it('lists once, serves from SQLite within the TTL, and lists again after it', async () => {
		const { db, s, client, cache } = setup(60_000);
		expect(await modelCheck(client, cache, s, 'gpt-4o', NOW)).toEqual({
			listed: false,
			suggestions: ['openai/gpt-4o', 'openai/gpt-4o-mini'],
		});
		expect(await modelCheck(client, cache, s, 'openai/gpt-4o', NOW + 59_999)).toEqual({
			listed: true,
			suggestions: [],
		});
		expect(listCalls()).toBe(1);
		const rows = db.prepare('SELECT base_url, model_id, fetched_at FROM llm_models_cache ORDER BY model_id').all();
		expect(rows).toHaveLength(ROUTER.length);
		expect(rows[0]).toEqual({ base_url: fake.baseUrl, model_id: 'anthropic/claude-3.5-sonnet', fetched_at: NOW });

		fake.setModels([...ROUTER, 'openai/gpt-5']);
		expect(await modelCheck(client, cache, s, 'openai/gpt-5', NOW + 60_000)).toEqual({ listed: true, suggestions: [] });
		expect(listCalls()).toBe(2);
		expect(cache.get(fake.baseUrl, NOW + 60_000, 60_000)).toContain('openai/gpt-5');
		db.close();
	});

	it('says nothing when listing fails, and keeps no stale list', async () => {
		const { db, s, client, cache } = setup();
		fake.failModels({ kind: 'error', status: 500 });
		expect(await modelCheck(client, cache, s, 'gpt-4o', NOW)).toBeNull();
		expect(cache.get(fake.baseUrl, NOW, 60_000)).toBeNull();
		expect(await knownModels(client, cache, s, NOW)).toEqual([...ROUTER].sort());
		db.close();
	});

	it('does nothing when the check is off', async () => {
		const { db, s, client, cache } = setup();
		expect(await modelCheck(client, cache, { ...s, modelCheck: false }, 'gpt-4o', NOW)).toBeNull();
		expect(listCalls()).toBe(0);
		db.close();
	});
});
