import { existsSync } from 'node:fs';

/** Where Debian's dovecot-core puts the server; dovecot-imapd adds its IMAP process beside its helpers. */
const candidates = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
const imapProcess = ['/usr/lib/dovecot/imap', '/usr/local/libexec/dovecot/imap'];

/** The dovecot binary, or why there is none (global-setup: a skip outside CI, a failure in it). */
export function findDovecot(): { path: string } | { missing: string } {
  const found = candidates.find((c) => existsSync(c));
  return found && imapProcess.some((p) => existsSync(p))
    ? { path: found }
    : { missing: `no dovecot at ${candidates.join(' or ')}; install the dovecot-imapd package` };
}
