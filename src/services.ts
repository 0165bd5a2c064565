// Work a running server does on its own (publishing scheduled posts, sending queued mail,
// sweeping what expired, polling the outlets' feeds).
// Each service starts here at boot and returns how to stop it; nothing starts at import time.
// Each is a leased job (jobs/): one process runs it at a time across all sharing the database.
import type { AppDeps } from './app-deps.ts';
import { authSweeper } from './auth/sweep.ts';
import { outboxSender } from './comments/outbox-sender.ts';
import { throttleSweeper } from './comments/rate-limit.ts';
import { feedPoller } from './inbox/poller.ts';
import { scheduledPublisher } from './posts/schedule.ts';
import { subscriptionMailer } from './subscriptions/service.ts';

/** Starts a service; what it returns stops it (settling once a running round has ended). */
type Service = (deps: AppDeps) => () => Promise<void>;

const SERVICES: Service[] = [
  outboxSender,
  throttleSweeper,
  scheduledPublisher,
  authSweeper,
  subscriptionMailer,
  feedPoller,
];

export function startServices(deps: AppDeps): () => Promise<void> {
  const stops = SERVICES.map((start) => start(deps));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
