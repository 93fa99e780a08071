import { FALLBACK_LANGUAGE, isLanguageCode, LANGUAGE_CODES } from '../../common/languages.js';
import { LIMITS } from '../../common/limits.js';
import { isRole, ROLES } from '../../common/roles.js';
import { NotFound } from '../errors.js';
import {
  createUser,
  findUserByEmail,
  generatePassword,
  inviteUser,
  listUsers,
  updateUser,
} from '../users/index.js';
import { withDatabase } from './database.js';
import { UsageError } from './errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin expects the password on standard input');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function checkPassword(password: string): string {
  if (password.length < LIMITS.passwordMin) {
    throw new UsageError(`the password must be at least ${LIMITS.passwordMin} characters long`);
  }
  if (password.length > LIMITS.passwordMax)
    throw new UsageError(`the password must be at most ${LIMITS.passwordMax} characters long`);
  return password;
}

export async function userAdd(options: {
  email: string;
  role: string;
  name?: string;
  language?: string;
  passwordStdin?: boolean;
  invite?: boolean;
  invitedBy?: string;
}) {
  if (!EMAIL.test(options.email)) throw new UsageError(`--email "${options.email}" is not an e-mail address`);
  if (!isRole(options.role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${options.role}")`);
  const language = options.language ?? FALLBACK_LANGUAGE;
  if (!isLanguageCode(language))
    throw new UsageError(`--language must be one of ${LANGUAGE_CODES.join(', ')} (got "${language}")`);
  const role = options.role;
  if (options.invite) {
    if (options.passwordStdin) throw new UsageError('--invite and --password-stdin exclude each other');
    const invited = await withDatabase(({ db }, config) =>
      inviteUser(
        db,
        { email: options.email, name: options.name, role, language },
        {
          inviter: { name: options.invitedBy ?? 'Parley', email: '' },
          publicUrl: config.publicUrl,
          now: new Date(),
        },
      ),
    );
    process.stdout.write(
      `invited ${invited.role} ${invited.email} (id ${invited.id}): the e-mail is queued\n`,
    );
    return;
  }
  const generated = !options.passwordStdin;
  const password = generated ? generatePassword() : checkPassword(await readStdin());
  const user = await withDatabase(({ db }) =>
    createUser(db, { email: options.email, name: options.name, role, password, language }),
  );
  process.stdout.write(`created ${user.role} ${user.email} (id ${user.id})\n`);
  if (generated) process.stdout.write(`password: ${password}\n`);
}

export async function userList(options: { json?: boolean }) {
  const users = await withDatabase(({ db }) => listUsers(db));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(users.map(({ password_hash: _, ...u }) => u))}\n`);
    return;
  }
  const rows = users.map((u) => [
    String(u.id),
    u.email,
    u.name,
    u.role,
    u.disabled ? 'disabled' : u.password_hash === null ? 'invited' : 'active',
    u.last_login_at?.toISOString().slice(0, 16).replace('T', ' ') ?? 'never',
  ]);
  const header = ['id', 'email', 'name', 'role', 'status', 'last login'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

export async function userSetDisabled(email: string, disabled: boolean) {
  const user = await withDatabase(async ({ db }) => {
    const found = await findUserByEmail(db, email);
    if (!found) throw new NotFound(`User ${email}`);
    return updateUser(db, found.id, { disabled }, new Date());
  });
  process.stdout.write(`${disabled ? 'disabled' : 'enabled'} ${user.email}\n`);
}

export async function userSetPassword(email: string, options: { passwordStdin?: boolean }) {
  const generated = !options.passwordStdin;
  const password = generated ? generatePassword() : checkPassword(await readStdin());
  const user = await withDatabase(async ({ db }) => {
    const found = await findUserByEmail(db, email);
    if (!found) throw new NotFound(`User ${email}`);
    return updateUser(db, found.id, { password }, new Date());
  });
  process.stdout.write(`password changed for ${user.email}; their sessions were ended\n`);
  if (generated) process.stdout.write(`password: ${password}\n`);
}
