/** Notices, the outbox and each person's notification preferences, over the API. */
import type { z } from 'zod';
import {
  noticeListSchema,
  preferenceListSchema,
  quietHoursViewSchema,
  type noticeStatuses,
  type noticeViewSchema,
  type preferenceViewSchema,
} from '../../../src/notify/schema.ts';
import { apiRequest } from '../api/client.ts';

export type Notice = z.infer<typeof noticeViewSchema>;
export type NoticeStatus = (typeof noticeStatuses)[number];
export type Preference = z.infer<typeof preferenceViewSchema>;
export type PreferenceList = z.infer<typeof preferenceListSchema>;
export type QuietHoursView = z.infer<typeof quietHoursViewSchema>;
export type QuietHoursChoice = NonNullable<QuietHoursView['quietHours']>;

export const noticePageSize = 50;
export const noticesKey = (practiceId: string, status: NoticeStatus | null) =>
  ['practice', practiceId, 'notices', status] as const;
export const accountNoticesKey = ['account', 'notices'] as const;
export const preferencesKey = ['account', 'notification-preferences'] as const;
export const quietHoursKey = ['account', 'quiet-hours'] as const;

export const notifyApi = {
  notices: (practiceId: string, status: NoticeStatus | null, cursor: string | undefined) =>
    apiRequest(noticeListSchema, `/api/v1/practices/${practiceId}/notices`, {
      query: { status, limit: noticePageSize, cursor },
    }),
  accountNotices: (cursor: string | undefined) =>
    apiRequest(noticeListSchema, '/api/v1/auth/notices', { query: { limit: noticePageSize, cursor } }),
  preferences: () => apiRequest(preferenceListSchema, '/api/v1/account/notification-preferences'),
  setPreference: ({ event, channel, cadence }: Pick<Preference, 'event' | 'channel' | 'cadence'>) =>
    apiRequest(preferenceListSchema, `/api/v1/account/notification-preferences/${event}`, {
      method: 'PUT',
      body: { channel, cadence },
    }),
  quietHours: () => apiRequest(quietHoursViewSchema, '/api/v1/account/quiet-hours'),
  setQuietHours: (choice: QuietHoursChoice | null) =>
    choice
      ? apiRequest(quietHoursViewSchema, '/api/v1/account/quiet-hours', { method: 'PUT', body: choice })
      : apiRequest(quietHoursViewSchema, '/api/v1/account/quiet-hours', { method: 'DELETE' }),
};
