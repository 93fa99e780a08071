import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportPointPage, SupportPointProblem } from '../../../common/api/support-points.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let moderator: string;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin')).cookie;
  moderator = (await t.loginAs('moderator')).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, cookie = admin) =>
  t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const POINT = {
  name: 'Casa da Mulher Brasileira',
  category: 'Acolhimento',
  address: 'Rua Vieira Ravasco, 26, São Paulo',
  phone: '(11) 3275-8000',
  lat: -23.5655,
  lng: -46.6246,
  notes: '',
  active: true,
};

describe('the support-point admin API', () => {
  it('is for admins only', async () => {
    expect((await call('GET', '/api/support-points', undefined, moderator)).statusCode).toBe(403);
    expect((await call('POST', '/api/support-points', POINT, moderator)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/support-points' })).statusCode).toBe(401);
  });

  it('creates, lists with search and category, updates and deletes', async () => {
    const created = await call('POST', '/api/support-points', POINT);
    expect(created.statusCode).toBe(201);
    const id: number = created.json().id;
    await call('POST', '/api/support-points', {
      ...POINT,
      name: 'Delegacia da Mulher',
      category: 'Delegacia',
    });
    let page: SupportPointPage = (await call('GET', '/api/support-points?q=casa')).json();
    expect(page.items.map((p) => p.name)).toEqual(['Casa da Mulher Brasileira']);
    expect(page.categories).toEqual(['Acolhimento', 'Delegacia']);
    page = (await call('GET', '/api/support-points?category=Delegacia')).json();
    expect(page.total).toBe(1);
    const updated = await call('PUT', `/api/support-points/${id}`, { ...POINT, phone: '180', active: false });
    expect(updated.json()).toMatchObject({ id, phone: '180', active: false });
    expect((await call('DELETE', `/api/support-points/${id}`)).statusCode).toBe(204);
    const gone = await call('DELETE', `/api/support-points/${id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('support_point_not_found');
  });

  it('refuses a bad point with every field named', async () => {
    const reply = await call('POST', '/api/support-points', { ...POINT, name: '', lat: 91, lng: 'x' });
    expect(reply.statusCode).toBe(400);
    const text = JSON.stringify(reply.json());
    for (const field of ['name', 'lat', 'lng']) expect(text).toContain(field);
  });

  it('imports a CSV all or nothing, listing every problem with its line and column', async () => {
    const bad = [
      'nome,categoria,endereço,telefone,latitude,longitude,ativo',
      'A,Cat,Rua 1,11,-23.5,-46.6,sim',
      ',Cat,Rua 2,11,-23.5,-46.6,sim',
      'C,Cat,Rua 3,11,"-23,5",abc,talvez',
      'D,Cat,Rua 4,11,-95,-46.6,não',
      'E,only,three',
    ].join('\n');
    const refused = await call('POST', '/api/support-points/import', { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('support_points_import_rejected');
    const problems: SupportPointProblem[] = refused.json().error.details.problems;
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'nome', 'missing_value'],
      [4, 'longitude', 'not_number'],
      [4, 'ativo', 'not_boolean'],
      [5, 'latitude', 'out_of_range'],
      [6, null, 'field_count'],
    ]);
    expect(problems[3]?.params).toEqual({ min: -90, max: 90 });
    const before: SupportPointPage = (await call('GET', '/api/support-points')).json();

    const good = 'name,lat,lng,category\nA,-23.5,-46.6,X\n\n"B, the second",-22.9,"-43,2",Y\n';
    const imported = await call('POST', '/api/support-points/import', { csv: good });
    expect(imported.json()).toEqual({ imported: 2, removed: 0 });
    const after: SupportPointPage = (await call('GET', '/api/support-points')).json();
    expect(after.total).toBe(before.total + 2);
    expect(after.items.find((p) => p.name === 'B, the second')).toMatchObject({ lat: -22.9, lng: -43.2 });

    const replaced = await call('POST', '/api/support-points/import', { csv: good, replace: true });
    expect(replaced.json()).toEqual({ imported: 2, removed: after.total });
  });

  it('names a wrong header, a missing column and an unreadable file', async () => {
    const header = await call('POST', '/api/support-points/import', {
      csv: 'name,lat,colour,name\nA,1,x,B\n',
    });
    expect(
      header.json().error.details.problems.map((p: SupportPointProblem) => [p.line, p.column, p.code]),
    ).toEqual([
      [1, 'colour', 'unknown_column'],
      [1, 'name', 'duplicate_column'],
      [1, 'lng', 'missing_column'],
    ]);
    const quote = await call('POST', '/api/support-points/import', { csv: 'name,lat,lng\n"A,1,2\n' });
    expect(quote.json().error.details.problems[0]).toMatchObject({ line: 2, code: 'unreadable_csv' });
    const empty = await call('POST', '/api/support-points/import', { csv: '' });
    expect(empty.json().error.details.problems[0]).toMatchObject({ line: 1, code: 'empty_file' });
  });
});
