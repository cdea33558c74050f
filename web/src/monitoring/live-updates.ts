/**
 * Live state changes from the server (server-sent events, /monitor/events and
 * /monitor/overview/events): while a page is open, each change refreshes the queries it names, so
 * the page shows a check going down without a reload or a fast poll. The browser's EventSource
 * reconnects by itself after a dropped connection; after a refusal (signed out) it stops.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export type LiveStatus = 'connecting' | 'live' | 'offline';

export function useLiveUpdates(path: string, refresh: readonly QueryKey[]): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // The keys as text: a new array each render must not reopen the stream.
  const keys = JSON.stringify(refresh);
  useEffect(() => {
    const source = new EventSource(path, { withCredentials: true });
    const refreshAll = () => {
      for (const queryKey of JSON.parse(keys) as QueryKey[]) void queryClient.invalidateQueries({ queryKey });
    };
    source.addEventListener('ready', () => {
      setStatus('live');
      // Changes made while the stream was away are read now.
      refreshAll();
    });
    source.addEventListener('state', refreshAll);
    source.addEventListener('end', () => {
      source.close();
      setStatus('offline');
    });
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => source.close();
  }, [path, keys, queryClient]);
  return status;
}
