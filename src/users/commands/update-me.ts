import type { LanguageCode } from '../../../common/languages.js';
import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { NotFound } from '../../errors.js';

export interface OwnAccountPatch {
  language?: LanguageCode | undefined;
}

/** What a user changes of their own account: the language of their UI and e-mails. */
export async function updateOwnAccount(db: Db, userId: number, patch: OwnAccountPatch): Promise<UserRow> {
  const query = db.updateTable('users').where('id', '=', userId);
  const updated =
    patch.language === undefined
      ? await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
      : await query.set({ language: patch.language }).returningAll().executeTakeFirst();
  if (!updated) throw new NotFound('User');
  return updated;
}
