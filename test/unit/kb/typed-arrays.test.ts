import { describe, expect, it } from 'vitest';
import { grown } from '../../../src/kb/typed-arrays.js';

describe('grown (typed arrays an index grows into)', () => {
	it('keeps the kind and the elements first, zeros after', () => {
		const ints = grown(Int32Array.of(3, -1), 4);
		expect(ints).toBeInstanceOf(Int32Array);
		expect([...ints]).toEqual([3, -1, 0, 0]);
		const floats = grown(Float64Array.of(0.5), 3);
		expect(floats).toBeInstanceOf(Float64Array);
		expect([...floats]).toEqual([0.5, 0, 0]);
		expect([...grown(Uint8Array.of(255), 2)]).toEqual([255, 0]);
	});
});
