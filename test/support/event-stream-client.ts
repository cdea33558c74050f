/**
 * Reads a server-sent event stream over real HTTP (fetch), as a browser's EventSource would:
 * events are collected as they arrive, and `next` waits for the next one of a name.
 */
import { waitFor } from './wait-for.ts';

export interface StreamEvent {
  event: string;
  data: unknown;
}

export class EventStreamClient {
  readonly events: StreamEvent[] = [];
  ended = false;
  private read = 0;
  private constructor(private readonly abort: AbortController) {}

  static async open(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream refused: ${res.status} ${await res.text()}`);
    const client = new EventStreamClient(abort);
    void client.consume(res.body);
    return client;
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by close().
    }
    this.ended = true;
  }

  private parse(block: string): void {
    const lines = block.split('\n');
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
    const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
    if (event && data !== undefined) this.events.push({ event, data: JSON.parse(data) });
  }

  /** The next event named `name` not yet returned (events of other names before it are skipped). */
  async next(name: string, timeoutMs = 30_000): Promise<unknown> {
    let found: StreamEvent | undefined;
    await waitFor(
      () => {
        const at = this.events.findIndex((e, i) => i >= this.read && e.event === name);
        if (at < 0) return false;
        found = this.events[at];
        this.read = at + 1;
        return true;
      },
      { timeoutMs, what: `a ${name} event` },
    );
    return found!.data;
  }

  /** The events after those `next` returned. */
  unread(): StreamEvent[] {
    return this.events.slice(this.read);
  }

  close(): void {
    this.abort.abort();
  }
}
