/**
 * The main thread's long tasks in a Chromium trace, as observed (before Lighthouse's 4x CPU
 * slowdown), and what each spent its time on. Lighthouse's simulation multiplies every task by
 * four, so an observed task over 12.5 ms is one it counts as blocking (over 50 ms).
 */

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
}

export interface LongTask {
  /** Observed duration, ms. */
  ms: number;
  /** The longest piece of work inside it, e.g. "EvaluateScript app-x.js" or "FunctionCall". */
  mostly: string;
}

const slowdown = 4;
const blockingMs = 50;
const taskNames = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const workNames = new Set([
  'EvaluateScript',
  'v8.evaluateModule',
  'FunctionCall',
  'TimerFire',
  'ParseHTML',
  'Layout',
  'UpdateLayoutTree',
  'Paint',
  'v8.compile',
  'v8.compileModule',
  'MajorGC',
  'MinorGC',
  'RunMicrotasks',
  'FireAnimationFrame',
  'EventDispatch',
]);

function fileOf(url: string | undefined): string {
  return url ? (url.split('/').pop() ?? url) : '';
}

/** The renderer main threads' tasks, keyed by thread, and the one that worked the longest. */
function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const busy = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (mains.has(key) && taskNames.has(e.name)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  const [busiest] = [...busy.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return events.filter((e) => `${e.pid}:${e.tid}` === busiest && e.ph === 'X');
}

/** The tasks Lighthouse would count as blocking, longest first. */
export function longTasks(events: TraceEvent[]): LongTask[] {
  const thread = mainThreadEvents(events);
  const work = thread.filter((e) => workNames.has(e.name));
  const tasks = thread.filter((e) => taskNames.has(e.name));
  // Chromium nests one task event in another (RunTask around ThreadControllerImpl::RunTask): keep the outer.
  const outer = tasks.filter(
    (t) =>
      !tasks.some(
        (o) => o !== t && o.ts <= t.ts && o.ts + (o.dur ?? 0) >= t.ts + (t.dur ?? 0) && (o.dur ?? 0) > (t.dur ?? 0),
      ),
  );
  return outer
    .filter((e) => (e.dur ?? 0) / 1000 > blockingMs / slowdown)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      const inside = work.filter((w) => w.ts >= task.ts && w.ts + (w.dur ?? 0) <= end);
      const longest = inside.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
      const label = longest ? `${longest.name} ${fileOf(longest.args?.data?.url)}`.trim() : 'unattributed';
      return { ms: (task.dur ?? 0) / 1000, mostly: label };
    })
    .sort((a, b) => b.ms - a.ms);
}

/** "3 tasks: 48 ms (EvaluateScript app.js), 20 ms (...)": the few longest, for a bench line. */
export function describeLongTasks(tasks: LongTask[], shown = 4): string {
  const listed = tasks.slice(0, shown).map((t) => `${Math.round(t.ms)} ms (${t.mostly})`);
  return `${tasks.length} tasks over ${blockingMs / slowdown} ms observed${listed.length ? `: ${listed.join(', ')}` : ''}`;
}
