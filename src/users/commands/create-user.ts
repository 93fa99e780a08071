import type { LanguageCode } from '../../../common/languages.js';
import type { Role } from '../../../common/roles.js';
import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { Conflict, isUniqueViolation } from '../../errors.js';
import { hashPassword } from '../passwords.js';

export interface NewUserInput {
  email: string;
  name?: string | undefined;
  role: Role;
  language?: LanguageCode | undefined;
  password: string;
}

/** Creates an account with a password the admin chose (invitations: commands/invite-user.ts). */
export async function createUser(db: Db, input: NewUserInput): Promise<UserRow> {
  return insertUser(db, { ...input, passwordHash: await hashPassword(input.password) });
}

/** Inserts an account; `passwordHash` null: invited, no password until the user sets one. */
export async function insertUser(
  db: Db,
  input: Omit<NewUserInput, 'password'> & { passwordHash: string | null },
): Promise<UserRow> {
  const email = input.email.trim();
  try {
    return await db
      .insertInto('users')
      .values({
        email,
        name: input.name?.trim() ?? '',
        role: input.role,
        ...(input.language ? { language: input.language } : {}),
        password_hash: input.passwordHash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Conflict(`A user with e-mail ${email} already exists.`, 'email_taken');
    throw error;
  }
}
