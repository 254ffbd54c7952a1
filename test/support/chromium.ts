import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Debian's Chromium, as `.ci/run` installs it; CHROMIUM_PATH overrides. */
function chromiumPath(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	const found = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
	if (found === undefined)
		throw new Error(
			'This test loads the HTML report in a real headless browser: install Chromium (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH',
		);
	return found;
}

/**
 * What the page measures of itself once loaded, added by the test (never part of the report): each canvas's painted
 * pixels, and each figure's text and whether it takes up space on the page.
 */
const PROBE = `<script>
for (const canvas of document.querySelectorAll('canvas')) {
	const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
	let painted = 0;
	for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
	canvas.setAttribute('data-painted', String(painted));
}
const figures = [...document.querySelectorAll('[data-figure]')].map((el) => {
	const box = el.getBoundingClientRect();
	return { name: el.dataset.figure, text: el.textContent, visible: box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible' };
});
document.body.setAttribute('data-probe', JSON.stringify({ figures, errors: window.__errors || [] }));
</script>`;

export interface RenderedPage {
	/** The DOM after the page's scripts ran. */
	readonly dom: string;
	/** Painted pixels per canvas id. */
	readonly painted: Readonly<Record<string, number>>;
	readonly figures: readonly { readonly name: string; readonly text: string; readonly visible: boolean }[];
	/** Script errors the page raised while loading. */
	readonly errors: readonly string[];
}

/** Loads an HTML file in headless Chromium (no network needed) and returns what rendered. */
export function renderInChromium(file: string, workDir: string): RenderedPage {
	const html = readFileSync(file, 'utf8');
	const catchErrors = `<script>window.__errors=[];addEventListener('error',(e)=>window.__errors.push(String(e.message)));</script>`;
	const probed = path.join(workDir, `probed-${path.basename(file)}`);
	writeFileSync(probed, html.replace('<head>', `<head>${catchErrors}`).replace('</body>', `${PROBE}</body>`));
	const dom = execFileSync(
		chromiumPath(),
		['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--dump-dom', `file://${probed}`],
		{ encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
	);
	const painted: Record<string, number> = {};
	for (const m of dom.matchAll(/<canvas id="([^"]+)"[^>]*data-painted="(\d+)"/g)) painted[m[1] ?? ''] = Number(m[2]);
	const probe = /data-probe="([^"]*)"/.exec(dom)?.[1] ?? '{}';
	const decoded = probe
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
	const parsed = JSON.parse(decoded) as { figures?: RenderedPage['figures']; errors?: string[] };
	return { dom, painted, figures: parsed.figures ?? [], errors: parsed.errors ?? [] };
}
