import { type Static, Type } from 'typebox';
import type { LanguageCode } from '../languages.js';
import { LIMITS } from '../limits.js';
import type { Role } from '../roles.js';
import { DateTime, IdParams, Nullable } from './typebox.js';

export const RoleSchema = Type.Union(
  [Type.Literal('auditor'), Type.Literal('moderator'), Type.Literal('admin')],
  {
    description: 'Staff role',
  },
);
// The literals above must list exactly the roles of common/roles.ts.
type _RolesInSync = [Static<typeof RoleSchema>] extends [Role]
  ? [Role] extends [Static<typeof RoleSchema>]
    ? true
    : never
  : never;
export const rolesInSync: _RolesInSync = true;

export const LanguageSchema = Type.Union([Type.Literal('en'), Type.Literal('pt-BR')], {
  description: 'Language of the UI and of the e-mails the account receives',
});
// The literals above must list exactly the codes of common/languages.ts.
type _LanguagesInSync = [Static<typeof LanguageSchema>] extends [LanguageCode]
  ? [LanguageCode] extends [Static<typeof LanguageSchema>]
    ? true
    : never
  : never;
export const languagesInSync: _LanguagesInSync = true;

const Email = Type.String({ format: 'email', maxLength: LIMITS.emailMax });
export const Password = Type.String({ minLength: LIMITS.passwordMin, maxLength: LIMITS.passwordMax });

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: LIMITS.emailMax }),
  password: Type.String({ minLength: 1, maxLength: LIMITS.passwordMax }),
});
export type LoginBody = Static<typeof LoginBody>;

export const UserView = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  language: LanguageSchema,
  /** False while an invited user has not set a password yet. */
  password_set: Type.Boolean(),
  created_at: DateTime,
  last_login_at: Nullable(DateTime),
});
export type UserView = Static<typeof UserView>;

/** `GET /api/me` and the reply to a successful login. */
export const MeView = Type.Object({
  user: UserView,
  /** Navigation areas this user may open (see AREAS in common/roles.ts). */
  areas: Type.Array(Type.String()),
});
export type MeView = Static<typeof MeView>;

export const ChangePasswordBody = Type.Object({
  current_password: Type.String({ minLength: 1, maxLength: LIMITS.passwordMax }),
  new_password: Password,
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

/** Without `password`, the user is invited: an e-mail carries a link to set one. */
export const CreateUserBody = Type.Object({
  email: Email,
  name: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
  role: RoleSchema,
  language: Type.Optional(LanguageSchema),
  password: Type.Optional(Password),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: LIMITS.nameMax })),
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean()),
  language: Type.Optional(LanguageSchema),
  password: Type.Optional(Password),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserList = Type.Object({ users: Type.Array(UserView) });
export type UserList = Static<typeof UserList>;

export const UserIdParams = IdParams;
