/**
 * The process: build the app, listen, and shut down gracefully on SIGTERM/SIGINT/SIGHUP (close-with-grace): stop
 * accepting, stop every run at a step boundary with its progress recorded (clients waiting on `wait: true` get that
 * run), persist every session, close the engines and the database, exit 0.
 *
 * Signals that report a fault of the process itself (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) are left to
 * their default action: a JavaScript handler for SIGSEGV returns into the faulting instruction, which faults again,
 * forever ("second SIGSEGV, exiting" and one core spinning), so the process never dies and a supervisor never
 * restarts it. Such a process must crash.
 */
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';

const FAULT_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGTRAP'] as const;
/** Longest graceful shutdown before the process exits anyway (code 1). Runs stop within a few seconds. */
const SHUTDOWN_LIMIT_MS = 15_000;

const app = await buildApp();
closeWithGrace({ delay: SHUTDOWN_LIMIT_MS, skip: [...FAULT_SIGNALS], logger: { error: (msg: unknown) => app.log.error(msg) } }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
  if (signal) app.log.info({ signal }, 'shut down');
});
const { host, port } = app.settings;
if (!app.settings.tokens && !app.settings.tokensFile && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
  app.log.warn({ host }, 'no tokens configured: the server is open to anyone who can reach this address');
}
await app.listen({ host, port });
