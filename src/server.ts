/**
 * The process: build the app, listen, and shut down gracefully on SIGTERM/SIGINT (close-with-grace): stop
 * accepting, stop runs cleanly, persist every session, close the pool and the database.
 */
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';

const app = await buildApp();
closeWithGrace({ delay: 20_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});
const { host, port } = app.settings;
if (!app.settings.tokens && !app.settings.tokensFile && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
  app.log.warn({ host }, 'no tokens configured: the server is open to anyone who can reach this address');
}
await app.listen({ host, port });
