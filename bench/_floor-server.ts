/**
 * The floor of the `chatbot` benchmark: a bare Fastify endpoint that does one INSERT per request
 * on the same database, with the pool size `parley serve` uses. Listens on PORT against
 * DATABASE_URL, in its own process like Parley.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 12 });
await pool.query(
  'create table if not exists bench_floor (id bigint generated always as identity, body jsonb, at timestamptz default now())',
);
const app = Fastify({ logger: false });
app.post('/inbound', async (request) => {
  await pool.query('insert into bench_floor (body) values ($1)', [JSON.stringify(request.body)]);
  return { status: 'processed' };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
