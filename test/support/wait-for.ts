/**
 * Polls until a condition holds, for work that happens in the background (jobs, mail). The limit
 * is generous because the test machine is shared; it bounds a hang, it does not measure speed.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 60_000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
