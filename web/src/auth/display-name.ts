import type { UserView } from '../../../common/api/auth.js';

/** How to address a user: their name, or their e-mail when they have none. */
export function displayName(user: UserView): string {
  return user.name.trim() || user.email;
}
