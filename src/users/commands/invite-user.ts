import { INVITATION_VALID_HOURS } from '../../../common/api/accounts.js';
import type { LanguageCode } from '../../../common/languages.js';
import type { Role } from '../../../common/roles.js';
import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { invitationEmail, queueEmail } from '../../email/index.js';
import { Conflict, NotFound } from '../../errors.js';
import { findUserById } from '../queries.js';
import { issueToken } from '../tokens.js';
import { insertUser } from './create-user.js';

export interface InvitationContext {
  /** The admin who invites: named in the e-mail. */
  inviter: Pick<UserRow, 'name' | 'email'>;
  /** Links are absolute, from PUBLIC_URL. */
  publicUrl: string;
  now: Date;
}

export interface InviteInput {
  email: string;
  name?: string | undefined;
  role: Role;
  language?: LanguageCode | undefined;
}

/**
 * Creates an account without a password and queues its invitation, in one transaction: the user
 * sets a password by the e-mail's one-time link (72 hours).
 */
export async function inviteUser(db: Db, input: InviteInput, context: InvitationContext): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, { ...input, passwordHash: null });
    await sendInvitation(trx, user, context);
    return user;
  });
}

/** A new invitation link for an account that has not set its password yet; earlier links end. */
export async function resendInvitation(db: Db, userId: number, context: InvitationContext): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId, { forUpdate: true });
    if (!user) throw new NotFound('User');
    if (user.disabled) throw new Conflict('This account is disabled: enable it first.', 'user_disabled');
    if (user.password_hash !== null) {
      throw new Conflict('This user has already set a password.', 'invitation_accepted');
    }
    await sendInvitation(trx, user, context);
    return user;
  });
}

async function sendInvitation(db: Db, user: UserRow, { inviter, publicUrl, now }: InvitationContext) {
  const token = await issueToken(db, user.id, 'invite', INVITATION_VALID_HOURS * 3_600_000, now);
  await queueEmail(
    db,
    {
      kind: invitationEmail,
      locale: user.language,
      to: { address: user.email, ...(user.name ? { name: user.name } : {}) },
      variables: {
        name: user.name,
        email: user.email,
        invited_by: inviter.name.trim() || inviter.email,
        link: `${publicUrl.replace(/\/+$/, '')}/invite/${token}`,
        valid_hours: INVITATION_VALID_HOURS,
      },
      secret: true,
    },
    now,
  );
}
