/**
 * `npm run agent:create -- --email grace@example.com --name "Grace Hopper" [--role admin|agent]`: adds an
 * agent to the database `DATABASE_URL` names (migrating it first). The password is asked for twice on a
 * terminal, without echo; otherwise it is read from standard input (`echo "$PASSWORD" | npm run agent:create …`).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EmailSchema, NameSchema, NewPasswordSchema, RoleSchema } from '../api/auth/agent-schemas';
import { AgentAccountError, createAgent } from '../api/services/agents';
import { DEFAULT_DATABASE_URL, migrateToLatest, openDatabase } from '../db/connection';

const USAGE = 'Usage: npm run agent:create -- --email <email> --name <name> [--role agent|admin]';

/** Reads a line from the terminal without showing what is typed. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      // Show the question once; echo nothing of the answer but the final newline.
      if (!asked) {
        process.stdout.write(text);
        asked = true;
      } else if (text.includes('\n')) process.stdout.write('\n');
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new Error('The two passwords differ.');
  return first;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'agent' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const fields = z.object({ email: EmailSchema, name: NameSchema, role: RoleSchema }).safeParse(values);
  if (!fields.success) {
    for (const issue of fields.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(USAGE);
    return 2;
  }
  const password = NewPasswordSchema.safeParse(await readPassword());
  if (!password.success) {
    console.error(`password: ${password.error.issues[0]?.message ?? 'invalid'}`);
    return 2;
  }

  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
    const agent = await createAgent(db, { ...fields.data, password: password.data }, Date.now());
    console.log(`Created ${agent.role} ${agent.name} <${agent.email}> in ${url}. They can sign in at /agent/login.`);
    return 0;
  } catch (error) {
    if (error instanceof AgentAccountError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
