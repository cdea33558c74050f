/**
 * A world for service-desk HTTP tests: every role signed in, the practice's desks, an agreed
 * matrix (smallMatrix), and helpers to call the practice's API and open IT-desk tickets.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../src/core/db/database.ts';
import type { Desk } from '../../src/desk/desk-schema.ts';
import type { Ticket } from '../../src/desk/ticket-schema.ts';
import { smallMatrix } from './matrix-fixture.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from './world.ts';

export type DeskRole = 'staff' | 'tech' | 'it' | 'admin' | 'msp' | 'auditor' | 'other';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface DeskWorld {
  world: World;
  /** Sessions by role, renewed by `at`. */
  s: Record<DeskRole, SignedIn>;
  desks: Record<Desk['kind'], Desk>;
  base: string;
  call: (who: SignedIn, method: Method, url: string, payload?: object) => Promise<LightMyRequestResponse>;
  ok: <T>(who: SignedIn, method: Method, url: string, payload?: object) => Promise<T>;
  /** Opens a ticket as `who` on the IT desk (category email) unless `extra` says otherwise. */
  open: (who: SignedIn, title: string, extra?: object) => Promise<Ticket>;
  /** Sets the clock, signing everyone in afresh there (sessions end when idle for long). */
  at: (iso: string) => Promise<void>;
}

export async function buildDeskWorld(
  database: Database,
  startIso: string,
  options: Parameters<typeof buildWorld>[1] = {},
): Promise<DeskWorld> {
  const world = await buildWorld(database, options);
  const d = { world, base: `/api/v1/practices/${world.practices.a}` } as DeskWorld;
  d.call = (who, method, url, payload) =>
    world.app.inject({ method, url: `${d.base}${url}`, headers: as(who), ...(payload ? { payload } : {}) });
  d.ok = async <T>(who: SignedIn, method: Method, url: string, payload?: object) => {
    const res = await d.call(who, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  d.at = async (iso) => {
    world.clock.set(new Date(iso));
    const u = world.users;
    d.s = {
      staff: await signInAs(world, u.staff),
      tech: await signInAs(world, u.technician),
      it: await signInAs(world, u.internalIt),
      admin: await signInAs(world, u.practiceAdmin),
      msp: await signInAs(world, u.mspAdmin),
      auditor: await signInAs(world, u.auditor),
      other: await signInAs(world, u.otherAdmin),
    };
    world.clock.set(new Date(iso));
  };
  d.open = (who, title, extra = {}) =>
    d.ok<Ticket>(who, 'POST', '/tickets', {
      deskId: d.desks.it.id,
      category: 'email',
      impact: 'medium',
      urgency: 'medium',
      title,
      description: 'd',
      ...extra,
    });
  await d.at(startIso);
  const list = await d.ok<{ desks: Desk[] }>(d.s.staff, 'GET', '/desks');
  d.desks = Object.fromEntries(list.desks.map((desk) => [desk.kind, desk])) as DeskWorld['desks'];
  const versions = '/matrix/versions';
  const draft = await d.ok<{ number: number }>(d.s.admin, 'POST', versions, {
    source: { kind: 'matrix', matrix: smallMatrix() },
  });
  await d.ok(d.s.admin, 'POST', `${versions}/${draft.number}/propose`, {});
  await d.ok(d.s.msp, 'POST', `${versions}/${draft.number}/agree`, {});
  return d;
}
