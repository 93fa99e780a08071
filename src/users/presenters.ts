import type { InvitationView } from '../../common/api/accounts.js';
import type { MeView, UserView } from '../../common/api/auth.js';
import { AREAS, type Area, roleAllows } from '../../common/roles.js';
import type { UserRow } from '../db/rows.js';

export function presentUser(user: UserRow): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    language: user.language,
    password_set: user.password_hash !== null,
    created_at: user.created_at.toISOString(),
    last_login_at: user.last_login_at?.toISOString() ?? null,
  };
}

export function presentMe(user: UserRow): MeView {
  const areas = (Object.keys(AREAS) as Area[]).filter((area) => roleAllows(AREAS[area], user.role));
  return { user: presentUser(user), areas };
}

export function presentInvitation(user: UserRow): InvitationView {
  return { email: user.email, name: user.name, language: user.language };
}
