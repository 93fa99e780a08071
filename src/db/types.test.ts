import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { generateTypes, readTypesFile } from './codegen.js';

const database = setupTestDatabase();

describe('src/db/types.ts', () => {
  it('is what `npm run db:types` generates from the migrated database', async () => {
    const fresh = await generateTypes(database.url);
    // A failure here means a migration changed the schema: run `npm run db:types` and commit the file.
    expect(await readTypesFile(), 'src/db/types.ts is stale: run `npm run db:types`').toBe(fresh);
  });
});
