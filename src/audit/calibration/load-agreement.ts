import { sql } from 'kysely';
import type { AgreementView } from '../../../common/api/audit.js';
import type { Db } from '../../db/index.js';
import { agreement } from './agreement.js';

/** Agreement per rubric item and auditor pair over every conversation two auditors both scored. */
export async function loadAgreement(db: Db): Promise<AgreementView> {
  const { rows } = await sql<{
    item: string;
    a_id: number;
    a_name: string;
    b_id: number;
    b_name: string;
    a_value: boolean;
    b_value: boolean;
  }>`
    select k.item, ua.id as a_id, coalesce(nullif(ua.name, ''), ua.email) as a_name,
           ub.id as b_id, coalesce(nullif(ub.name, ''), ub.email) as b_name,
           (a.scores ->> k.item)::boolean as a_value, (b.scores ->> k.item)::boolean as b_value
      from audits a
      join audits b on b.conversation_id = a.conversation_id and b.auditor_id > a.auditor_id
      join users ua on ua.id = a.auditor_id
      join users ub on ub.id = b.auditor_id
      cross join lateral jsonb_object_keys(a.scores) as k(item)
     where b.scores ? k.item
     order by k.item, a_id, b_id`.execute(db);
  const groups = new Map<string, { row: (typeof rows)[number]; pairs: [boolean, boolean][] }>();
  for (const row of rows) {
    const key = `${row.item}\u0000${row.a_id}\u0000${row.b_id}`;
    const group = groups.get(key) ?? { row, pairs: [] };
    group.pairs.push([row.a_value, row.b_value]);
    groups.set(key, group);
  }
  return {
    items: [...groups.values()].map(({ row, pairs }) => {
      const result = agreement(pairs);
      return {
        item: row.item,
        auditor_a: { id: row.a_id, name: row.a_name },
        auditor_b: { id: row.b_id, name: row.b_name },
        conversations: result.n,
        percent_agreement: result.percent,
        kappa: result.kappa,
      };
    }),
  };
}
