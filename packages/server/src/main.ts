import { ConfigError, loadConfig, type Config } from './config.ts';
import { describeError } from './lib/describe-error.ts';
import { createServer } from './server.ts';
import { DEMO_PASSWORD, demoUsers, seedDemo } from './seed/demo.ts';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const say = (m: string) => console.log(`[maillon] ${m}`);
  const server = await createServer(config, { log: say });
  const { app } = server;
  let seeded = false;
  if (config.MAILLON_MODE === 'demo') seeded = await seedDemo(server.deps);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing in-flight requests, then stopping`);
    const force = setTimeout(() => {
      console.error('[maillon] shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 15_000);
    force.unref();
    server.close().then(
      () => {
        say('stopped cleanly');
        process.exit(0);
      },
      (e: unknown) => {
        console.error(`[maillon] error while stopping: ${describeError(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://localhost:${config.PORT}`;
  say(`ready at ${url} (${config.MAILLON_MODE} mode)`);
  if (config.MAILLON_MODE === 'demo') {
    say(seeded ? 'demo organisation created: DAC Drôme-Ardèche Nord' : 'existing data found: nothing seeded');
    say(`demo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const u of demoUsers) say(`  ${u.role.padEnd(20)} ${u.email}`);
  }
}

main().catch((e: unknown) => {
  console.error(`[maillon] failed to start: ${describeError(e)}`);
  process.exit(1);
});
