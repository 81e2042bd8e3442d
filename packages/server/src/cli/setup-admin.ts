import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { emailSchema } from '@maillon/shared/identity';
import { loadConfig } from '../config.ts';
import { createServer } from '../server.ts';
import { FIRST_ADMIN_LINK_HOURS, createFirstAdmin } from '../seed/first-admin.ts';

/**
 * `npm run setup-admin -- --organisation "…" --email … --name "…"` (asks for what is missing):
 * creates the first organisation and administrator of a production installation and prints a
 * one-time link where the administrator chooses their password.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { organisation: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } });
  const rl = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  const ask = async (v: string | undefined, q: string) => v ?? (rl ? (await rl.question(q)).trim() : '');
  const organisation = await ask(values.organisation, "Nom de l'organisation : ");
  const email = await ask(values.email, "E-mail de l'administrateur : ");
  const name = await ask(values.name, "Nom de l'administrateur : ");
  rl?.close();
  const parsed = emailSchema.safeParse(email);
  if (organisation.length < 2 || !parsed.success || name.length < 2) {
    console.error('Give --organisation, --email (a valid address) and --name.');
    return 2;
  }
  const config = loadConfig();
  const server = await createServer(config, { workers: false });
  try {
    const { token } = await createFirstAdmin(server.deps.db, { organisation, email: parsed.data, displayName: name });
    const base = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
    console.log(
      `Organisation « ${organisation} » créée. Lien à usage unique (valable ${FIRST_ADMIN_LINK_HOURS} h) pour choisir le mot de passe :`,
    );
    console.log(`${base}/reset-password#token=${token}`);
    console.log("À la première connexion, l'administrateur configure la double authentification.");
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('setup-admin failed:', e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
