/** The home pages' data: one request for a practice, one (a page at a time) for every practice. */
import { homePageSchema, practiceHomeSchema, type PracticeHome } from '../../../src/home/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';

export type { PracticeHome };
export type HomeStep = PracticeHome['steps'][number];

export const practiceHomeKey = (practiceId: string) => ['practice', practiceId, 'home'] as const;
export const homeKey = ['home'] as const;

export const homeApi = {
  practice: (practiceId: string) => apiRequest(practiceHomeSchema, `/api/v1/practices/${practiceId}/home`),
  all: () => allPages(homePageSchema, '/api/v1/home', (page) => page.practices),
};
