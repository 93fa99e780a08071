import type { Role } from '../../../common/roles.js';
import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { Conflict, isUniqueViolation } from '../../errors.js';
import { hashPassword } from '../passwords.js';

export interface NewUserInput {
  email: string;
  name?: string | undefined;
  role: Role;
  password: string;
}

export async function createUser(db: Db, input: NewUserInput): Promise<UserRow> {
  const email = input.email.trim();
  try {
    return await db
      .insertInto('users')
      .values({
        email,
        name: input.name?.trim() ?? '',
        role: input.role,
        password_hash: await hashPassword(input.password),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Conflict(`A user with e-mail ${email} already exists.`, 'email_taken');
    throw error;
  }
}
