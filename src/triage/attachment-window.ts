import { cutText } from '../message-text.js';
import { markerStrength } from './error-markers.js';
import {
	HEAD_SHARE,
	MAX_LINE_SCAN,
	MAX_MARKER_WINDOWS,
	MAX_MARKERS_KEPT,
	MAX_WINDOW_CHARS,
	TAIL_SHARE,
	WINDOW_AFTER_CHARS,
	WINDOW_BEFORE_CHARS,
} from './limits.js';
import { safeEnd, safeStart } from './token-cut.js';

/** The line put where part of an attachment was skipped. */
export const GAP_LINE = '[… skipped …]';
const GAP = `\n${GAP_LINE}\n`;

/** What was kept of an over-long text. */
export interface TextWindows {
	/** The kept parts in their order, joined by {@link GAP_LINE} lines. */
	readonly text: string;
	/** Characters of the input kept (gap lines not counted). */
	readonly readChars: number;
	/** Characters kept from the start and from the end. */
	readonly headChars: number;
	readonly tailChars: number;
	/** Windows kept around error markers between head and tail. */
	readonly excerpts: number;
}

/** A marker line, by its offsets. */
interface Marker {
	readonly start: number;
	readonly end: number;
}

/** Per strength, the first marker line and the latest {@link MAX_MARKERS_KEPT} ones (latest first). */
function findMarkers(text: string, from: number, to: number): Marker[][] {
	const first: (Marker | null)[] = [null, null, null, null];
	const latest: Marker[][] = [[], [], [], []];
	let start = from;
	while (start < to) {
		let end = text.indexOf('\n', start);
		if (end === -1 || end > to) end = to;
		const strength = markerStrength(text.slice(start, Math.min(end, start + MAX_LINE_SCAN)));
		if (strength > 0) {
			const marker = { start, end };
			if (first[strength] === null) first[strength] = marker;
			const ring = latest[strength] as Marker[];
			ring.push(marker);
			if (ring.length > MAX_MARKERS_KEPT * 2) ring.splice(0, ring.length - MAX_MARKERS_KEPT);
		}
		start = end + 1;
	}
	const ordered: Marker[][] = [];
	for (const strength of [3, 2, 1]) {
		const recent = (latest[strength] as Marker[]).slice(-MAX_MARKERS_KEPT).reverse();
		const earliest = first[strength];
		// The latest (where a traceback ends), then the first (a root cause logged early), then the others, latest first.
		const [last, ...rest] = recent;
		const group = [last, earliest, ...rest].filter((m): m is Marker => m !== undefined && m !== null);
		ordered.push(group.filter((m, i) => group.findIndex((n) => n.start === m.start) === i));
	}
	return ordered;
}

/** Whole lines around a marker line, within [from, to) and at most `max` characters. */
function windowAround(text: string, marker: Marker, from: number, to: number, max: number): Marker {
	let start = marker.start;
	const reach = Math.max(from, marker.start - WINDOW_BEFORE_CHARS);
	if (reach < marker.start) {
		// The first whole line at or after `reach`.
		const nl = reach === 0 || text.charCodeAt(reach - 1) === 10 ? reach - 1 : text.indexOf('\n', reach);
		if (nl + 1 < marker.start) start = nl + 1;
	}
	let end = marker.end;
	const after = Math.min(to, marker.end + WINDOW_AFTER_CHARS);
	if (after > marker.end) {
		const nl = text.lastIndexOf('\n', after);
		end = nl > marker.end ? nl : marker.end;
	}
	end = Math.min(end, to);
	if (end - start > max) {
		// Keep the marker line itself first, then what precedes it.
		start = Math.max(start, Math.min(marker.start, end - max));
		if (end - start > max) end = start + max;
	}
	return { start, end };
}

/**
 * Keeps what matters of `text` within `max` characters: its head, its tail (the end of a traceback is usually last) and
 * whole lines around the strongest error markers in between (an exception line, `Error code: 403`, a JSON error body,
 * a 4xx/5xx status with an error word), joined by {@link GAP_LINE} lines. One pass over the lines, with bounded
 * patterns on each, so it is linear in the length of `text`. `text` should already be redacted: the cuts here do not
 * guard against splitting a key.
 */
export function windowText(text: string, max: number): TextWindows {
	if (text.length <= max) return { text, readChars: text.length, headChars: text.length, tailChars: 0, excerpts: 0 };
	const room = max - GAP.length * (MAX_MARKER_WINDOWS + 1);
	if (room < 64) {
		const kept = text.slice(0, safeEnd(text, Math.max(0, max)));
		return { text: kept, readChars: kept.length, headChars: kept.length, tailChars: 0, excerpts: 0 };
	}
	const headEnd = safeEnd(text, Math.floor(room * HEAD_SHARE));
	const minTailStart = Math.max(headEnd, text.length - Math.floor(room * TAIL_SHARE));
	let budget = room - headEnd - Math.floor(room * TAIL_SHARE);
	const windows: Marker[] = [];
	const covered = (m: Marker): boolean => windows.some((w) => m.start >= w.start && m.end <= w.end);
	for (const group of findMarkers(text, headEnd + 1, minTailStart)) {
		for (const marker of group) {
			if (windows.length >= MAX_MARKER_WINDOWS || budget < 256) break;
			if (covered(marker)) continue;
			const w = windowAround(text, marker, headEnd + 1, minTailStart, Math.min(MAX_WINDOW_CHARS, budget));
			const overlapping = windows.filter((o) => o.start < w.end && w.start < o.end);
			const merged = overlapping.reduce(
				(acc, o) => ({ start: Math.min(acc.start, o.start), end: Math.max(acc.end, o.end) }),
				w,
			);
			const added = merged.end - merged.start - overlapping.reduce((sum, o) => sum + o.end - o.start, 0);
			if (added > budget) continue;
			for (const o of overlapping) windows.splice(windows.indexOf(o), 1);
			windows.push(merged);
			budget -= added;
		}
	}
	windows.sort((a, b) => a.start - b.start);
	const used = windows.reduce((sum, w) => sum + w.end - w.start, 0);
	const lastWindowEnd = windows.length === 0 ? headEnd : (windows[windows.length - 1] as Marker).end;
	const tailStart = Math.max(lastWindowEnd + 1, safeStart(text, text.length - (room - headEnd - used)));
	const parts: Marker[] = [{ start: 0, end: headEnd }, ...windows, { start: tailStart, end: text.length }];
	const pieces: string[] = [];
	let previousEnd = -1;
	for (const part of parts) {
		if (part.end <= part.start) continue;
		// Adjacent parts (a window that ends at the line break before the next) are joined as in the text.
		if (pieces.length > 0) pieces.push(part.start <= previousEnd + 1 ? text.slice(previousEnd, part.start) : GAP);
		pieces.push(text.slice(part.start, part.end));
		previousEnd = part.end;
	}
	const tailChars = Math.max(0, text.length - tailStart);
	return {
		text: cutText(pieces.join(''), max),
		readChars: headEnd + used + tailChars,
		headChars: headEnd,
		tailChars,
		excerpts: windows.length,
	};
}
