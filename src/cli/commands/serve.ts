import { Command, Option } from 'commander';
import { loadConfig } from '../../core/config.ts';
import { setupLinkValidMs } from '../../core/identity/setup.ts';
import { loggableError } from '../../server/errors.ts';
import { emailStatus, serveRoles, type ServeRole } from '../../server/jobs.ts';
import { startServer, startWorker, stopOnSignals } from '../../server/serve.ts';
import { action } from '../io.ts';
import { listenForLocalCommands, serverOperationContext } from '../local-admin.ts';
import { localOperations } from '../operations.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the HTTP server and web app (migrates the database first)')
    .option('-p, --port <port>', 'port to listen on (overrides TANDEM_PORT)')
    .option('-H, --host <host>', 'address to bind (overrides TANDEM_HOST)')
    .addOption(
      new Option(
        '--role <role>',
        'what this process does: all (HTTP and background jobs), web (HTTP only) or worker (jobs only); web and worker need DATABASE_URL',
      )
        .choices(serveRoles)
        .default('all'),
    )
    .action(
      action(async (opts: { port?: string; host?: string; role: ServeRole }) => {
        const env = { ...process.env };
        if (opts.port !== undefined) env.TANDEM_PORT = opts.port;
        if (opts.host !== undefined) env.TANDEM_HOST = opts.host;
        const config = loadConfig(env);
        if (opts.role === 'worker') {
          const worker = await startWorker(config);
          // Handlers go in before the banner: whoever reads it may signal at once, and a SIGTERM
          // that arrives before a listener exists kills the process without a clean shutdown.
          const stopped = stopOnSignals(worker, config.shutdownTimeoutMs);
          process.stdout.write(
            'Tandem worker is running (PostgreSQL): working background jobs. Press Ctrl+C to stop.\n',
          );
          await stopped;
          return;
        }
        const running = await startServer(config, opts.role);
        const admin = running.database.lock
          ? await listenForLocalCommands(
              config.dataDir,
              serverOperationContext(running.database, config, running.keyring),
              localOperations,
              (message, err) => running.app.log.error({ err: loggableError(err) }, message),
            )
          : undefined;
        if (admin) running.database.lock?.update({ adminSocket: admin.socket });
        // The socket closes first: no new command starts on a database about to close. Handlers go
        // in before the banner, as for the worker above.
        const stopped = stopOnSignals(
          { ...running, stop: async () => (await admin?.close(), running.stop()) },
          config.shutdownTimeoutMs,
        );
        const where = running.database.mode === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
        const jobs =
          opts.role === 'web' ? 'background jobs run in `--role worker` processes' : 'running background jobs';
        process.stdout.write(`Tandem is running at ${running.url} (${where}; ${jobs}). Press Ctrl+C to stop.\n`);
        if (opts.role === 'all') process.stdout.write(`${emailStatus(config)}\n`);
        if (running.setupLink) {
          const minutes = Math.round(setupLinkValidMs / 60_000);
          process.stdout.write(
            [
              'Tandem has no administrator yet. Finish setup in one of two ways:',
              `  - open ${running.setupLink} (valid for ${minutes} minutes, once; restart Tandem for a new link), or`,
              '  - run `./bin/tandem setup` in another terminal (it sets up through this server).',
              '',
            ].join('\n'),
          );
        }
        await stopped;
      }),
    );
}
