/**
 * A throwaway IMAP server for tests: Debian's dovecot (package dovecot-imapd) as its own instance,
 * with every file in a temporary folder (configuration, sockets, logs, the Maildir), listening on
 * a free port of 127.0.0.1 without TLS, one user from a passwd-file. Stopped and deleted after.
 * As root (CI) the master runs as root and drops to the packaged `dovecot`/`dovenull` users, and
 * the mailbox belongs to `nobody` (dovecot refuses mail access as uid 0); otherwise everything runs
 * as the current user. Whether dovecot is installed is checked once by global-setup, which fails a
 * CI run without it (imapAvailable).
 */
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { freePort } from './postgres-server.ts';
export { findDovecot } from './dovecot.ts';
import { waitFor } from './wait-for.ts';

export interface ImapServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** imap://user:password@127.0.0.1:port/INBOX, as TANDEM_IMAP_URL takes it. */
  url: string;
  stop(): Promise<void>;
}

/** Whether this run has dovecot (global-setup said so); suites needing it skip when not. */
export const imapAvailable = () => inject('dovecotPath') !== null;

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function startImapServer(): Promise<ImapServer> {
  const binary = inject('dovecotPath');
  if (!binary) throw new Error(inject('dovecotMissing') ?? 'dovecot is not available');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-imap-'));
  chmodSync(dir, 0o755);
  const me = os.userInfo();
  const mailUid = asRoot ? Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim()) : me.uid;
  const mailGid = asRoot ? Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim()) : me.gid;
  const home = path.join(dir, 'home');
  mkdirSync(home);
  if (asRoot) chownSync(home, mailUid, mailGid);
  const port = await freePort();
  const user = 'desk';
  const password = 'imap-test-password';
  writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}:${mailUid}:${mailGid}::${home}::\n`);
  // Without root, dovecot cannot switch users or chroot: every service runs as the caller.
  const unprivileged = asRoot
    ? ''
    : `default_login_user = ${me.username}
default_internal_user = ${me.username}
default_internal_group = ${me.username}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
  const config = path.join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
auth_mechanisms = plain login
disable_plaintext_auth = no
first_valid_uid = 1
mail_location = maildir:${home}/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
${unprivileged}`,
  );
  // -F: in the foreground, so the process is ours to stop and dies with a crashed run's children.
  const master = spawn(binary, ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  master.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  master.once('exit', () => (exited = true));
  const logOf = () => {
    const file = path.join(dir, 'dovecot.log');
    return `${stderr}${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
  };
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(`dovecot exited at start:\n${logOf()}`);
        return portOpen(port);
      },
      { timeoutMs: 20_000, what: 'dovecot listening' },
    );
  } catch (err) {
    master.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    stop: async () => {
      if (!exited) {
        const gone = new Promise<void>((resolve) => master.once('exit', () => resolve()));
        master.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
