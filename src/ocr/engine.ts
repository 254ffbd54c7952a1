import { createHash } from 'node:crypto';
import type { OcrSettings } from '../settings/ocr.js';
import { Limiter } from './limiter.js';
import { ImageDecodeError, type PreprocessSteps, preprocessImage, SHIPPED_STEPS } from './preprocess.js';
import { runEngine } from './tesseract.js';

/** What reading one image gave. */
export type OcrOutcome =
	| { readonly ok: true; readonly text: string; readonly ms: number }
	| {
			readonly ok: false;
			/**
			 * `unavailable`: no engine here; `too_large`: over the size cap; `malformed`: not an image the decoder opens;
			 * `no_text`: nothing recognised; `timeout`; `busy`: too many images waiting.
			 */
			readonly reason: 'unavailable' | 'too_large' | 'malformed' | 'no_text' | 'timeout' | 'busy';
			readonly ms: number;
	  };

/** Whether the engine can be used, and why not. */
export interface OcrStatus {
	readonly available: boolean;
	/** `tesseract 5.3.0 (eng+chi_sim)`, or why it is off: `not installed (tesseract)`, `disabled`. */
	readonly detail: string;
}

export interface OcrEngine {
	/** Finds out once whether the engine runs and which of the wanted languages it has. */
	probe(): Promise<OcrStatus>;
	/** The last probe's answer (unavailable before the first probe). */
	status(): OcrStatus;
	/** Reads the text in an image. Never throws. */
	read(bytes: Buffer, steps?: PreprocessSteps): Promise<OcrOutcome>;
}

/** Screenshots read again (the thread re-read from Discord on a follow-up) come from here. */
const CACHE_SIZE = 128;
/** Images waiting for a slot at most; past this a burst is refused rather than queued. */
const MAX_WAITING = 32;

/**
 * Tesseract behind a size cap, a timeout (pre-processing included) and a concurrency limit, so a hostile image cannot
 * stall the bot. Page segmentation 6 reads screenshots (a block of lines) better than automatic layout analysis,
 * which drops short lines between panels.
 */
export function createOcrEngine(settings: OcrSettings): OcrEngine {
	let current: OcrStatus = { available: false, detail: 'not checked yet' };
	let languages = settings.languages;
	const limiter = new Limiter(settings.concurrency, MAX_WAITING);
	const cache = new Map<string, string>();

	async function probe(): Promise<OcrStatus> {
		const version = await runEngine(settings.enginePath, ['--version'], null, 5000, settings.env);
		if (!version.ok) {
			current = {
				available: false,
				detail:
					version.reason === 'missing'
						? `not installed (${settings.enginePath})`
						: `${settings.enginePath} does not run (${version.detail})`,
			};
			return current;
		}
		const list = await runEngine(settings.enginePath, ['--list-langs'], null, 5000, settings.env);
		const installed = new Set(list.ok ? list.stdout.split(/\s+/) : []);
		const wanted = settings.languages.split('+');
		const usable = wanted.filter((l) => installed.has(l));
		if (usable.length === 0) {
			current = { available: false, detail: `no language data for ${settings.languages}` };
			return current;
		}
		languages = usable.join('+');
		const name = /tesseract\s+v?[\d.]+/i.exec(version.stdout)?.[0] ?? 'tesseract';
		current = { available: true, detail: `${name} (${languages})` };
		return current;
	}

	async function recognise(bytes: Buffer, steps: PreprocessSteps): Promise<OcrOutcome> {
		const started = performance.now();
		const elapsed = () => Math.round(performance.now() - started);
		const key = `${steps.grey}${steps.upscale}${steps.invert}:${createHash('sha256').update(bytes).digest('hex')}`;
		const cached = cache.get(key);
		if (cached !== undefined) return { ok: true, text: cached, ms: elapsed() };
		let image: Buffer;
		try {
			const noSteps = !steps.grey && !steps.upscale && !steps.invert;
			// Decoded (and so checked) even without steps: Tesseract is never handed bytes that are not an image.
			image = await withTimeout(noSteps ? checkImage(bytes) : preprocessImage(bytes, steps), settings.timeoutMs);
		} catch (error) {
			const reason = error instanceof ImageDecodeError ? 'malformed' : 'timeout';
			return { ok: false, reason, ms: elapsed() };
		}
		const left = Math.max(500, settings.timeoutMs - elapsed());
		const run = await runEngine(
			settings.enginePath,
			['stdin', 'stdout', '-l', languages, '--psm', '6'],
			image,
			left,
			settings.env,
		);
		if (!run.ok) {
			const reason = run.reason === 'timeout' ? 'timeout' : run.reason === 'missing' ? 'unavailable' : 'malformed';
			return { ok: false, reason, ms: elapsed() };
		}
		const text = run.stdout.trim();
		if (text.length === 0) return { ok: false, reason: 'no_text', ms: elapsed() };
		cache.set(key, text);
		if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
		return { ok: true, text, ms: elapsed() };
	}

	return {
		probe,
		status: () => current,
		async read(bytes, steps = SHIPPED_STEPS) {
			if (bytes.length > settings.maxBytes) return { ok: false, reason: 'too_large', ms: 0 };
			if (!current.available) return { ok: false, reason: 'unavailable', ms: 0 };
			const outcome = await limiter.run(() => recognise(bytes, steps));
			return outcome ?? { ok: false, reason: 'busy', ms: 0 };
		},
	};
}

/** The engine as the bot sees it when OCR_ENABLED=false. */
export const disabledOcr: OcrEngine = {
	probe: async () => ({ available: false, detail: 'disabled (OCR_ENABLED=false)' }),
	status: () => ({ available: false, detail: 'disabled (OCR_ENABLED=false)' }),
	read: async () => ({ ok: false, reason: 'unavailable', ms: 0 }),
};

async function checkImage(bytes: Buffer): Promise<Buffer> {
	await preprocessImage(bytes, { grey: false, upscale: false, invert: false });
	return bytes;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('timeout')), ms);
		work.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}
