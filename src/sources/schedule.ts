// When to fetch a feed next: pure functions of what the last fetch saw, so the poller and the
// simulation test share them. A feed that publishes often is read often, a quiet one rarely,
// bounded to 10 minutes – 1 day; errors back off exponentially with jitter, and a server's
// Retry-After is honoured (within a week).

export const MIN_INTERVAL_S = 10 * 60;
export const MAX_INTERVAL_S = 24 * 60 * 60;
const MAX_RETRY_AFTER_S = 7 * 24 * 60 * 60;

/**
 * The interval from the feed's recent publishing rate: half the mean gap between its newest
 * entries (so a new article waits on average a quarter of a gap), bounded.
 */
export function adaptiveInterval(publishedAt: readonly string[], now: Date): number {
  const times = publishedAt
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t) && t <= now.getTime())
    .sort((a, b) => b - a)
    .slice(0, 20);
  if (times.length < 2) return clamp(6 * 60 * 60);
  // The gap from the newest entry to now counts too: a feed that stopped publishing slows down.
  const span = now.getTime() - times[times.length - 1]!;
  const meanGapS = span / times.length / 1000;
  return clamp(Math.round(meanGapS / 2));
}

/** The delay after the n-th error in a row (1, 2, …): 15 min doubling to a day, ±20 % jitter. */
export function backoffSeconds(errorCount: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_INTERVAL_S, 15 * 60 * 2 ** Math.max(0, errorCount - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Retry-After as seconds from now (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const t = Date.parse(trimmed);
    if (Number.isNaN(t)) return null;
    seconds = Math.ceil((t - now.getTime()) / 1000);
  }
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_S);
}

function clamp(seconds: number): number {
  return Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, seconds));
}
