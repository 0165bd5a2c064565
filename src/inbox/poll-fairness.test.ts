// The scheduler's fairness, on both databases, with a fake clock over a simulated day: 12 feeds on
// 3 hosts publishing every 15 minutes to every day, polled as `gloss serve` polls (a round a
// minute) but only 2 feeds a round, so feeds queue for their turn. No feed starves (each waits at
// most a few rounds past its time), each is fetched about as often as its publishing rate asks,
// and every article published is seen. The 1,000-feed run is `npm run bench poll-simulation`.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { simulatePolling, spreadGaps } from '../../test/helpers/poll-simulation.ts';

eachDatabase('polling fairness', (store) => {
  it('fetches every feed near its rate and starves none', async () => {
    const gaps = spreadGaps(12, 15 * 60, 86_400);
    const result = await simulatePolling(store(), { gaps, hosts: 3, days: 1, limit: 2, concurrency: 2 });
    assert.ok(result.rounds >= 144, `${result.rounds} rounds fetched something`);
    for (const feed of result.feeds) {
      const what = `the feed publishing every ${Math.round(feed.gapSeconds / 60)} min`;
      // At the start all 12 are due at once and 2 are taken a round: the last waits 5 rounds.
      assert.ok(feed.maxLateSeconds <= 6 * 60, `${what} waited ${feed.maxLateSeconds} s past its time`);
      const ratio = feed.fetchesPerDay / feed.expectedPerDay;
      assert.ok(
        ratio >= 0.8 && ratio <= 1.6,
        `${what}: ${feed.fetchesPerDay} fetches a day for ${feed.expectedPerDay.toFixed(1)} expected`,
      );
      assert.ok(
        feed.seen >= feed.publishedInTime,
        `${what} saw ${feed.seen} of ${feed.publishedInTime} articles`,
      );
      assert.ok(feed.seen <= feed.published);
      // Fetched every half gap, an article waits about a quarter gap (never over a day's bound).
      if (feed.seen > 0)
        assert.ok(
          feed.meanDelaySeconds <= Math.min(feed.gapSeconds / 2, 86_400) + 120,
          `${what}: articles waited ${feed.meanDelaySeconds} s on average`,
        );
    }
    // Fetched faster than they publish, feeds often have nothing new: a 304, not the whole feed.
    assert.ok(
      result.notModified > result.fetches / 3,
      `${result.notModified} of ${result.fetches} answered 304`,
    );
  });
});
