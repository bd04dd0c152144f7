import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { accepts, freePort } from './smtp-server';

const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
/** Who owns the mailbox when the tests run as root: Dovecot won't serve mail as uid 0. */
const NOBODY = { uid: 65534, gid: 65534, name: 'nobody' };

/**
 * A real IMAP server for the email tests: Debian's Dovecot (`dovecot-imapd`) on 127.0.0.1, with one mailbox
 * `support` (password `secret`) stored as a Maildir. Mail gets in by IMAP APPEND, or by an SMTP server that
 * delivers into `maildir` (see `startTestSmtpServer({ maildir, owner })`).
 */
export interface TestImapServer {
  port: number;
  /** For Docket's `IMAP_URL`. */
  url: string;
  /** The support mailbox's Maildir, for an SMTP server to deliver into. */
  maildir: string;
  /** The user a process delivering into `maildir` must run as, when the tests run as root. */
  owner: { uid: number; gid: number } | undefined;
  /** Puts a raw email into INBOX, as a mail server delivering it would (at `arrived`, else now). */
  append(raw: string | Buffer, arrived?: Date): Promise<void>;
  /** INBOX's messages: their UIDs and flags. */
  list(): Promise<{ uid: number; flags: string[] }[]>;
  /** A client of the support mailbox, for a test to look around with; the test logs it out. */
  client(): Promise<ImapFlow>;
  dispose(): Promise<void>;
}

export async function startTestImapServer(): Promise<TestImapServer> {
  if (!existsSync(DOVECOT)) throw new Error(`No ${DOVECOT} for the IMAP test server: apt-get install -y dovecot-imapd`);
  const asRoot = process.getuid?.() === 0;
  const me = userInfo();
  const owner = asRoot ? NOBODY : { uid: me.uid, gid: me.gid, name: me.username };
  const dir = mkdtempSync(join(tmpdir(), 'docket-imap-'));
  chmodSync(dir, 0o755);
  const home = join(dir, 'home');
  const maildir = join(home, 'Maildir');
  for (const folder of ['', 'new', 'cur', 'tmp']) mkdirSync(join(maildir, folder), { recursive: true });
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'state'));
  if (asRoot) {
    for (const path of [home, maildir, join(maildir, 'new'), join(maildir, 'cur'), join(maildir, 'tmp')]) {
      chownSync(path, owner.uid, owner.gid);
    }
  }
  const port = await freePort();
  writeFileSync(join(dir, 'passwd'), `support:{PLAIN}secret:${owner.uid}:${owner.gid}::${home}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = docket-test-${port}
log_path = ${join(dir, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${Math.min(owner.uid, 500)}
mail_location = maildir:~/Maildir
default_login_user = ${asRoot ? 'dovenull' : owner.name}
default_internal_user = ${asRoot ? 'dovecot' : owner.name}
${asRoot ? '' : `default_internal_group = ${owner.name}\n`}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${join(dir, 'passwd')}
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );

  let errors = '';
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Dovecot did not start (is dovecot-imapd installed?):\n${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async function client(): Promise<ImapFlow> {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'support', pass: 'secret' },
      logger: false,
    });
    await imap.connect();
    return imap;
  }

  return {
    port,
    url: `imap://support:secret@127.0.0.1:${port}/INBOX?tls=off`,
    maildir,
    owner: asRoot ? { uid: owner.uid, gid: owner.gid } : undefined,
    async append(raw, arrived) {
      const imap = await client();
      try {
        await imap.append('INBOX', raw, [], arrived);
      } finally {
        await imap.logout();
      }
    },
    async list() {
      const imap = await client();
      try {
        const lock = await imap.getMailboxLock('INBOX');
        const found: { uid: number; flags: string[] }[] = [];
        try {
          if ((imap.mailbox ? imap.mailbox.exists : 0) > 0) {
            for await (const message of imap.fetch('1:*', { uid: true, flags: true })) {
              found.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
            }
          }
        } finally {
          lock.release();
        }
        return found;
      } finally {
        await imap.logout();
      }
    },
    client,
    async dispose() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
