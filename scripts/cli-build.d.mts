export function cliBuildIsStale(): boolean;
export function buildCli(): void;
export function ensureCliBuild(options?: { announce?: boolean }): boolean;
