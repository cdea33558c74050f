/**
 * A transaction on a PostgreSQL server that costs no round trips of its own: BEGIN and the
 * transaction-local settings travel with its first query, and COMMIT with the statements held for
 * it (the audit append, core/audit/append.ts), each in one batch (pg-settings-query.ts). A
 * transaction that never queries sends nothing at all.
 */
import type pg from 'pg';
import { beginStatement, commitStatement, queryAmong, settingsQuery, type SideStatement } from './pg-settings-query.ts';
import type { CommitQueue, LocalSettings } from './settings-transaction.ts';

type Client = Pick<pg.ClientBase, 'query'>;

export class PgTransaction implements CommitQueue {
  /** BEGIN has gone to the server (it may have failed): the connection needs a ROLLBACK on failure. */
  started = false;
  private readonly held: { text: string; values: unknown[] }[] = [];

  constructor(
    private readonly client: Client,
    private readonly settings: LocalSettings,
  ) {}

  /** What Drizzle calls: the first query opens the transaction in its own round trip. */
  query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    if (this.started) return this.client.query(config, values);
    return queryAmong(this.client, this.opening(), config, values);
  }

  /** Runs at commit, in order, the last in COMMIT's round trip: the statement must raise, not return, a failure. */
  holdForCommit(text: string, values: unknown[]): void {
    this.held.push({ text, values });
  }

  async commit(): Promise<void> {
    const last = this.held.pop();
    for (const { text, values } of this.held.splice(0)) await this.query(text, values);
    if (last) {
      const opening = this.started ? [] : this.opening();
      await queryAmong(this.client, opening, last.text, last.values, [commitStatement]);
    } else if (this.started) await this.client.query('commit');
  }

  private opening(): SideStatement[] {
    this.started = true;
    const settings = Object.keys(this.settings).length > 0 ? [settingsQuery(this.settings)] : [];
    return [beginStatement, ...settings];
  }
}
