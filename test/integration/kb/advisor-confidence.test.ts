import { describe, expect, it } from 'vitest';
import { createAdvisor } from '../../../src/advisor.js';
import { openKb } from '../../../src/kb/load.js';
import { DEFAULT_MATCH_THRESHOLD } from '../../../src/model.js';
import { defaultKbDir } from '../../../src/paths.js';

const open = openKb(defaultKbDir());
const REGION = {
	title: '403 from OpenAI',
	body: "openai.PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported', 'param': None, 'type': 'request_forbidden'}}",
	attachments: [],
};

describe('the advisor decides whether a match is confident (the one place that knows MATCH_THRESHOLD)', () => {
	it('calls a clear match confident at the default threshold', async () => {
		const advise = createAdvisor(open, { matchThreshold: DEFAULT_MATCH_THRESHOLD, supportEmail: null });
		const { match } = await advise(REGION);
		expect(match).toMatchObject({ cause: 'unsupported_region', abstained: false, confident: true });
	});

	it('calls the same match not confident when the configured threshold is above its confidence', async () => {
		const advise = createAdvisor(open, { matchThreshold: 1, supportEmail: null });
		const { match } = await advise(REGION);
		expect(match?.confidence).toBeLessThan(1);
		expect(match?.confident).toBe(false);
	});
});
