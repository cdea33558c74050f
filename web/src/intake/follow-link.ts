/** The follow link's token lives after `#token=`, so it never reaches a server log or a Referer header. */
export function followPath(followUrl: string): string {
  return `/follow${new URL(followUrl).hash}`;
}

/** The token of the follow link this page was opened with, or '' when it has none. */
export function tokenOfLocation(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}
