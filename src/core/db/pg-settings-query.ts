/**
 * One query and its transaction-local settings in a single round trip to a PostgreSQL server.
 *
 * In the extended protocol, everything sent up to a Sync message runs in one implicit
 * transaction. So this sends Bind/Execute of `select set_config($1, $2, true), ...` (a named
 * statement, parsed once per connection) and then the query's own Parse/Bind/Describe/Execute/Sync:
 * the settings apply to the query and vanish at its Sync, with no BEGIN and COMMIT round trips.
 * If the settings fail, the server skips the query, so it never runs without them.
 *
 * It is a node-postgres "submittable" (the extension point pg-cursor uses): an object the client
 * sends with submit() and then feeds the server's replies. Replies to the settings statement are
 * swallowed; everything after them goes to an ordinary pg.Query, which does the row parsing.
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
  stream: { cork?: () => void; uncork?: () => void };
  parse(msg: { name: string; text: string; types: [] }): void;
  bind(msg: { statement: string; values: string[] }): void;
  execute(msg: object): void;
}

const PgQueryClass = (pg as unknown as { Query: new (config: object) => PgQuery }).Query;

class SettingsThenQuery {
  /** Until the settings statement completes, replies belong to it. */
  private settingsDone = false;

  constructor(
    private readonly settings: { name: string; text: string; values: string[] },
    private readonly query: PgQuery,
  ) {}

  // The client records a statement as parsed under the active query's name and text when a
  // ParseComplete arrives: during the settings they must be the settings statement's.
  get name(): string | undefined {
    return this.settingsDone ? this.query.name : this.settings.name;
  }
  get text(): string {
    return this.settingsDone ? this.query.text : this.settings.text;
  }
  get _result(): unknown {
    return this.query._result;
  }

  submit(connection: PgConnection): Error | null {
    const { name, text, values } = this.settings;
    connection.stream.cork?.();
    try {
      if (connection.parsedStatements[name] === undefined) connection.parse({ name, text, types: [] });
      connection.bind({ statement: name, values });
      connection.execute({});
      return this.query.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  handleCommandComplete(msg: unknown, connection: unknown): void {
    if (this.settingsDone) this.query.handleCommandComplete!(msg, connection);
    else this.settingsDone = true;
  }
  handleDataRow(msg: unknown): void {
    if (this.settingsDone) this.query.handleDataRow!(msg);
  }
  handleRowDescription(msg: unknown): void {
    if (this.settingsDone) this.query.handleRowDescription!(msg);
  }
  handleError(err: unknown, connection: unknown): void {
    this.query.handleError!(err, connection);
  }
  handleReadyForQuery(connection: unknown): void {
    this.query.handleReadyForQuery!(connection);
  }
  handleEmptyQuery(connection: unknown): void {
    this.query.handleEmptyQuery!(connection);
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

/** `select set_config($1, $2, true), ...` for n settings, named so each connection parses it once. */
function settingsQuery(settings: LocalSettings): { name: string; text: string; values: string[] } {
  const entries = Object.entries(settings);
  const calls = entries.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`);
  return {
    name: `tandem_local_settings_${entries.length}`,
    text: `select ${calls.join(', ')}`,
    values: entries.flat(),
  };
}

/** client.query(config, values) with `settings` applied to it alone. */
export function queryWithSettings(
  client: pg.ClientBase,
  settings: LocalSettings,
  config: string | pg.QueryConfig,
  values?: unknown[],
): Promise<pg.QueryResult> {
  const base = typeof config === 'string' ? { text: config } : config;
  return new Promise((resolve, reject) => {
    // The extended protocol even without parameters: a simple Query message would end the implicit transaction.
    const query = new PgQueryClass({ ...base, values: values ?? base.values, queryMode: 'extended' });
    query.callback = (err, result) => (err ? reject(err) : resolve(result!));
    void client.query(new SettingsThenQuery(settingsQuery(settings), query) as unknown as pg.Submittable);
  });
}
