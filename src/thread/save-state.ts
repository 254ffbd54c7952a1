import type { ThreadStore } from './ports.js';
import { type ThreadEvent, type ThreadStatus, type ThreadTransition, transitionThread } from './state.js';

/**
 * Applies `event` to a thread through `transitionThread` and writes what it changed (nothing when refused).
 * `by` is who muted or unmuted the thread, kept beside the flag.
 */
export function saveThreadEvent(
	threads: ThreadStore,
	threadId: string,
	thread: ThreadStatus,
	event: ThreadEvent,
	by: string | null,
	now: number,
): ThreadTransition {
	const result = transitionThread(thread, event);
	if (!result.ok) return result;
	const { next } = result;
	if (next.muted !== thread.muted) threads.setMuted(threadId, next.muted, by, now);
	if (next.staffTookOver !== thread.staffTookOver) threads.setStaffTookOver(threadId, next.staffTookOver, now);
	if (next.state !== thread.state) threads.setState(threadId, next.state, now);
	return result;
}
