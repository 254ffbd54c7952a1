import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kbCacheKey, loadThroughCache } from '../../src/cli/kb-cache.js';
import { type LoadedKb, loadKbFolder } from '../../src/kb/load.js';
import { defaultKbDir } from '../../src/paths.js';

const temps: string[] = [];
const temp = (prefix: string) => {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	temps.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('KB cache of one-off commands', () => {
	it('a second load is read from the cache and equals a fresh load', { timeout: 60_000 }, () => {
		const cacheDir = temp('doorman-kb-cache-test-');
		let loads = 0;
		const counted = (dir: string): LoadedKb => {
			loads += 1;
			return loadKbFolder(dir);
		};
		const first = loadThroughCache(defaultKbDir(), counted, cacheDir);
		const second = loadThroughCache(defaultKbDir(), counted, cacheDir);
		expect(loads).toBe(1);
		expect(readdirSync(cacheDir)).toEqual([`${kbCacheKey(defaultKbDir())}.json`]);
		expect(second).toEqual(first);
		expect(second.vendors).toBeInstanceOf(Map);
	});

	it('any change to a KB file gives another key, so it is loaded afresh', { timeout: 60_000 }, () => {
		const copy = temp('doorman-kb-copy-');
		cpSync(defaultKbDir(), copy, { recursive: true });
		const before = kbCacheKey(copy);
		appendFileSync(path.join(copy, 'README.md'), '\n');
		expect(kbCacheKey(copy)).not.toBe(before);
	});

	it('a KB that fails lint is not cached: every load reports it', { timeout: 60_000 }, () => {
		const copy = temp('doorman-kb-bad-');
		const cacheDir = temp('doorman-kb-cache-test-');
		cpSync(defaultKbDir(), copy, { recursive: true });
		// Citations without their source records: lint fails.
		rmSync(path.join(copy, 'sources'), { recursive: true, force: true });
		expect(() => loadThroughCache(copy, loadKbFolder, cacheDir)).toThrow(/problem/);
		expect(() => loadThroughCache(copy, loadKbFolder, cacheDir)).toThrow(/problem/);
		expect(readdirSync(cacheDir)).toEqual([]);
	});
});
