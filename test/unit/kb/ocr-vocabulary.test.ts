import { describe, expect, it } from 'vitest';
import { buildOcrVocabulary, repairIdentifiers } from '../../../src/kb/ocr-vocabulary.js';
import { anEntry } from './an-entry.js';

const vocabulary = buildOcrVocabulary([
	anEntry(),
	anEntry({
		id: 'x',
		signals: [
			{ kind: 'type', value: 'invalid_request_error', weight: 2 },
			{ kind: 'exception', value: 'PermissionDeniedError', weight: 2 },
			{ kind: 'code', value: 'ip', weight: 1 },
		],
	}),
]);

describe('repairIdentifiers (KB identifiers in OCR text)', () => {
	it('keeps only identifier-like signal values, long enough not to be confused', () => {
		expect(vocabulary.terms).toEqual([
			'PermissionDeniedError',
			'invalid_request_error',
			'unsupported_country_region_territory',
		]);
	});

	it('puts back underscores read as spaces', () => {
		expect(repairIdentifiers("{'code': 'unsupported country region territory',", vocabulary)).toBe(
			"{'code': 'unsupported_country_region_territory',",
		);
		expect(repairIdentifiers("'type': 'invalid request error'", vocabulary)).toBe("'type': 'invalid_request_error'");
	});

	it('between a snake-case and a camel-case term alike, takes the one written as it was read', () => {
		const both = buildOcrVocabulary([
			anEntry({
				id: 'y',
				signals: [
					{ kind: 'code', value: 'InvalidApiKey', weight: 10 },
					{ kind: 'code', value: 'invalid_api_key', weight: 10 },
				],
			}),
		]);
		expect(repairIdentifiers("'code': 'invalid api key'", both)).toBe("'code': 'invalid_api_key'");
		expect(repairIdentifiers("'code': 'InvalidApiKev'", both)).toBe("'code': 'InvalidApiKey'");
	});

	it('corrects a misread letter by character trigrams', () => {
		expect(repairIdentifiers('openai.PermissionDeniedErr0r: 403', vocabulary)).toBe(
			'openai.PermissionDeniedError: 403',
		);
		expect(repairIdentifiers('unsupported_countrv_region_territorv', vocabulary)).toBe(
			'unsupported_country_region_territory',
		);
	});

	it('leaves other text alone', () => {
		const line = 'resp = client.chat.completions.create(model="gpt-4o", messages=msgs)';
		expect(repairIdentifiers(line, vocabulary)).toBe(line);
		expect(repairIdentifiers('Country, region, or territory not supported', vocabulary)).toBe(
			'Country, region, or territory not supported',
		);
	});

	it('never turns prose into an identifier with a different number of parts', () => {
		const withPhrase = buildOcrVocabulary([
			anEntry({ id: 'y', signals: [{ kind: 'code', value: 'model_not_available', weight: 5 }] }),
		]);
		expect(repairIdentifiers('"message":"This model is not available in your region."', withPhrase)).toBe(
			'"message":"This model is not available in your region."',
		);
		expect(repairIdentifiers("'code': 'model not available'", withPhrase)).toBe("'code': 'model_not_available'");
	});
});
