import { type Static, Type } from 'typebox';
import { LIMITS } from '../limits.js';
import { LanguageSchema, Password } from './auth.js';

/**
 * Staff accounts by e-mail: invitations, "forgot password" and the account's own settings
 * (docs/accounts.md). A token is the random part of a one-time link, as the e-mail carries it.
 */
const Token = Type.String({ minLength: 1, maxLength: 200 });

/** `POST /api/auth/invitation`: what the invitation page shows before the password is set. */
export const InvitationTokenBody = Type.Object({ token: Token });
export type InvitationTokenBody = Static<typeof InvitationTokenBody>;

export const InvitationView = Type.Object({
  email: Type.String(),
  name: Type.String(),
  language: LanguageSchema,
});
export type InvitationView = Static<typeof InvitationView>;

/** Accepting an invitation or completing a password reset: the link's token and the new password. */
export const SetPasswordBody = Type.Object({ token: Token, password: Password });
export type SetPasswordBody = Static<typeof SetPasswordBody>;

/** `POST /api/auth/password-reset`: the answer is the same whether or not the address exists. */
export const PasswordResetBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: LIMITS.emailMax }),
});
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const PasswordResetAccepted = Type.Object({
  /** How long a link is valid, for the page to say. */
  valid_minutes: Type.Integer(),
});
export type PasswordResetAccepted = Static<typeof PasswordResetAccepted>;

/** `PATCH /api/me`: what a user may change of their own account. */
export const UpdateMeBody = Type.Object({ language: Type.Optional(LanguageSchema) });
export type UpdateMeBody = Static<typeof UpdateMeBody>;

/** How long the links stay valid. */
export const INVITATION_VALID_HOURS = 72;
export const RESET_VALID_MINUTES = 60;
