import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstStartedAt } from '../../src/store/bot-meta.js';
import { openStore } from '../../src/store/open.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

describe('first start (migration 0004, bot_meta)', () => {
	it('records the first start once and keeps it across restarts', () => {
		const file = path.join(tmp(), 'meta.db');
		const first = openStore(file).db;
		expect(firstStartedAt(first, 1_000)).toBe(1_000);
		expect(firstStartedAt(first, 2_000)).toBe(1_000);
		first.close();
		const again = openStore(file).db;
		expect(firstStartedAt(again, 3_000)).toBe(1_000);
		again.close();
	});
});
