/**
 * One query with statements sent around it, in a single round trip to a PostgreSQL server.
 *
 * In the extended protocol, everything sent up to a Sync message is one batch: the server runs it
 * in order and, after an error, skips the rest up to the Sync. So this sends Bind/Execute of
 * statements before the query (named, so each connection parses them once), then the query's own
 * Parse/Bind/Describe/Execute, then statements after it, then one Sync. Three uses:
 * - `select set_config($1, $2, true), ...` before a read: without BEGIN the batch is one implicit
 *   transaction, so the settings apply to the query and vanish at its Sync, with no BEGIN and
 *   COMMIT round trips (queryWithSettings);
 * - BEGIN and the settings before a transaction's first query (pg-transaction.ts);
 * - COMMIT after a transaction's last query, so the commit costs no round trip of its own and is
 *   skipped, the transaction left to roll back, if that query fails (pg-transaction.ts).
 * If a statement before the query fails, the server skips the query, so it never runs without them.
 *
 * It is a node-postgres "submittable" (the extension point pg-cursor uses): an object the client
 * sends with submit() and then feeds the server's replies. Replies to the statements around the
 * query are swallowed; the query's own go to an ordinary pg.Query, which does the row parsing.
 */
import pg from 'pg';
import type { LocalSettings } from './settings-transaction.ts';

/** The parts of pg's Query and Connection this file uses (pg's own types do not describe them). */
interface PgQuery {
  name?: string;
  text: string;
  _result: unknown;
  callback?: (err: Error | null, result?: pg.QueryResult) => void;
  submit(connection: PgConnection): Error | null;
  [handler: `handle${string}`]: (...args: unknown[]) => void;
}
interface PgConnection {
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
  stream: { cork?: () => void; uncork?: () => void };
  parse(msg: { name: string; text: string; types: [] }): void;
  bind(msg: { statement: string; values: string[] }): void;
  execute(msg: object): void;
  close(msg: object): void;
  sync(): void;
}

/** A statement sent around a query: named, with text parameters, its replies ignored. */
export interface SideStatement {
  name: string;
  text: string;
  values: string[];
}

export const beginStatement: SideStatement = { name: 'tandem_begin', text: 'begin', values: [] };
export const commitStatement: SideStatement = { name: 'tandem_commit', text: 'commit', values: [] };

const PgQueryClass = (pg as unknown as { Query: new (config: object) => PgQuery }).Query;

class QueryAmongStatements {
  /** Which of before, the query, after the server's replies are for: one CommandComplete each. */
  private step = 0;

  constructor(
    private readonly before: readonly SideStatement[],
    private readonly query: PgQuery,
    private readonly after: readonly SideStatement[],
  ) {}

  private get current(): SideStatement | PgQuery {
    const { before, query, after, step } = this;
    if (step < before.length) return before[step]!;
    return step === before.length ? query : after[step - before.length - 1]!;
  }

  private get onQuery(): boolean {
    return this.step === this.before.length;
  }

  // The client records a statement as parsed under the active query's name and text when a
  // ParseComplete arrives: they must be those of the statement the server is on.
  get name(): string | undefined {
    return this.current.name;
  }
  get text(): string {
    return this.current.text;
  }
  get _result(): unknown {
    return this.query._result;
  }

  submit(connection: PgConnection): Error | null {
    connection.stream.cork?.();
    try {
      for (const statement of this.before) send(connection, statement);
      // The query would end the batch with its own Sync; it comes after the statements that follow.
      // A close is the query giving up on its Bind (a value it cannot send): then nothing follows.
      let gaveUp = false;
      const held = Object.create(connection, {
        sync: { value: () => undefined },
        close: { value: (msg: object) => ((gaveUp = true), connection.close(msg)) },
      }) as PgConnection;
      const error = this.query.submit(held);
      if (!error && !gaveUp) for (const statement of this.after) send(connection, statement);
      if (!error) connection.sync();
      return error;
    } finally {
      connection.stream.uncork?.();
    }
  }

  handleCommandComplete(msg: unknown, connection: unknown): void {
    if (this.onQuery) this.query.handleCommandComplete!(msg, connection);
    this.step += 1;
  }
  handleDataRow(msg: unknown): void {
    if (this.onQuery) this.query.handleDataRow!(msg);
  }
  handleRowDescription(msg: unknown): void {
    if (this.onQuery) this.query.handleRowDescription!(msg);
  }
  handleError(err: unknown, connection: PgConnection): void {
    // The server skipped every Parse after the error: those statements must be parsed next time.
    for (const { name } of [...this.before, this.query, ...this.after])
      if (name && connection.parsedStatements[name] === undefined) delete connection.submittedNamedStatements[name];
    this.query.handleError!(err, connection);
  }
  handleReadyForQuery(connection: unknown): void {
    this.query.handleReadyForQuery!(connection);
  }
  handleEmptyQuery(connection: unknown): void {
    if (this.onQuery) this.query.handleEmptyQuery!(connection);
    this.step += 1;
  }
  handlePortalSuspended(connection: unknown): void {
    this.query.handlePortalSuspended!(connection);
  }
  handleCopyInResponse(connection: unknown): void {
    this.query.handleCopyInResponse!(connection);
  }
  handleCopyData(msg: unknown, connection: unknown): void {
    this.query.handleCopyData!(msg, connection);
  }
}

function send(connection: PgConnection, { name, text, values }: SideStatement): void {
  if (connection.parsedStatements[name] === undefined && connection.submittedNamedStatements[name] === undefined) {
    connection.parse({ name, text, types: [] });
    connection.submittedNamedStatements[name] = text;
  }
  connection.bind({ statement: name, values });
  connection.execute({});
}

/** `select set_config($1, $2, true), ...` for n settings, named so each connection parses it once. */
export function settingsQuery(settings: LocalSettings): SideStatement {
  const entries = Object.entries(settings);
  const calls = entries.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`);
  return {
    name: `tandem_local_settings_${entries.length}`,
    text: `select ${calls.join(', ')}`,
    values: entries.flat(),
  };
}

/** client.query(config, values) with `before` and `after` sent in the same round trip. */
export function queryAmong(
  client: Pick<pg.ClientBase, 'query'>,
  before: readonly SideStatement[],
  config: string | pg.QueryConfig,
  values: unknown[] | undefined,
  after: readonly SideStatement[] = [],
): Promise<pg.QueryResult> {
  const base = typeof config === 'string' ? { text: config } : config;
  return new Promise((resolve, reject) => {
    // The extended protocol even without parameters: a simple Query message would end the batch.
    const query = new PgQueryClass({ ...base, values: values ?? base.values, queryMode: 'extended' });
    query.callback = (err, result) => (err ? reject(err) : resolve(result!));
    void client.query(new QueryAmongStatements(before, query, after) as unknown as pg.Submittable);
  });
}

/** client.query(config, values) with `settings` applied to it alone. */
export function queryWithSettings(
  client: Pick<pg.ClientBase, 'query'>,
  settings: LocalSettings,
  config: string | pg.QueryConfig,
  values?: unknown[],
): Promise<pg.QueryResult> {
  return queryAmong(client, [settingsQuery(settings)], config, values);
}
