/**
 * Notification records (`alert_notification` saved objects) as they are read back: the alerting
 * service's outbox writes them and delivers them; the API lists them.
 */
import type { NotificationIntent } from '@driftwood/core';
import type { LogStore, SavedObject } from '../contract.ts';
import { NOTIFICATION_TYPE } from './objects.ts';

export function toIntent(object: SavedObject): NotificationIntent {
  return { ...(object.attributes as unknown as NotificationIntent), id: object.id };
}

/** Notification intents (of one rule, or all), newest window first. */
export async function listIntents(store: LogStore, ruleId?: string): Promise<NotificationIntent[]> {
  const all = (await store.listObjects(NOTIFICATION_TYPE)).map(toIntent);
  return (ruleId === undefined ? all : all.filter((i) => i.ruleId === ruleId)).sort(
    (a, b) => b.windowEnd - a.windowEnd || b.createdAt.localeCompare(a.createdAt),
  );
}
