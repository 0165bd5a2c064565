// Work a running server does on its own (publishing scheduled posts, sending queued mail,
// sweeping what expired, polling the outlets' feeds).
// Each service starts here at boot and returns how to stop it; nothing starts at import time.
import type { AppDeps } from './app-deps.ts';
import { authSweeper } from './auth/sweep.ts';
import { outboxSender } from './comments/outbox-sender.ts';
import { throttleSweeper } from './comments/rate-limit.ts';
import { feedPoller } from './inbox/poller.ts';
import { scheduledPublisher } from './posts/schedule.ts';

type Service = (deps: AppDeps) => () => void;

const SERVICES: Service[] = [outboxSender, throttleSweeper, scheduledPublisher, authSweeper, feedPoller];

export function startServices(deps: AppDeps): () => void {
  const stops = SERVICES.map((start) => start(deps));
  return () => {
    for (const stop of stops) stop();
  };
}
