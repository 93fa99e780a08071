/**
 * Boundary rules, checked by `npm run lint` (depcruise). Domains are the folders under src/ that
 * own a piece of the product; src/http/, src/db/, src/errors.ts, src/config.ts and common/ are shared
 * by all of them.
 *
 * TypeScript 7 has no JavaScript API, so the `tsc` parser cannot be used: `swc` (@swc/core) parses
 * the .ts/.tsx files, and `./x.js` specifiers resolve to `./x.ts` as TypeScript resolves them.
 */

// dependency-cruiser 17 asks swc for plain TypeScript even in a .tsx file, so JSX fails to parse
// (dependency-cruiser issue #1081, fixed in 18, which needs Node 22): turn JSX on for .tsx files.
const swc = require('@swc/core');
const parseFileSync = swc.parseFileSync;
swc.parseFileSync = (file, options) =>
  parseFileSync(file, file.endsWith('.tsx') ? { ...options, tsx: true } : options);

/** A domain's folder, as a regular expression: `sources/` holds one domain per source kind. */
const DOMAIN = '(?:audit|chatbot|cli|conversations|demo|jobs|sources/[^/]+|users)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-server',
      comment: 'server/ is the HTTP shell: a domain that needs it could not run from the CLI or a job.',
      severity: 'error',
      from: { path: `^src/${DOMAIN}/` },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-imports-domain',
      comment: 'server/ gets domain code passed in (src/app.ts, src/http/), so it sits above no domain.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: `^src/${DOMAIN}/` },
    },
    {
      name: 'domain-reaches-past-index',
      comment:
        "A domain's index.ts is its public face: reaching past it couples to internals that may change.",
      severity: 'error',
      from: { path: `^src/(${DOMAIN})/` },
      to: { path: `^src/${DOMAIN}/`, pathNot: ['^src/$1/', `^src/${DOMAIN}/index\\.ts$`] },
    },
    {
      name: 'engine-imports-outside',
      comment: 'The chatbot engine is pure (no I/O, no packages): the server, CLI and browser run it alike.',
      severity: 'error',
      from: { path: '^src/chatbot/engine/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^src/chatbot/engine/' },
    },
    {
      name: 'engine-tests-import-outside',
      comment: "The engine's tests may read fixtures with node:fs and use the test libraries, nothing else.",
      severity: 'error',
      from: { path: '^src/chatbot/engine/.+\\.test\\.ts$' },
      to: {
        pathNot: ['^src/chatbot/engine/', '(?:^|/)node_modules/(?:vitest|@vitest|fast-check)/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and hides which module is the lower layer (types count too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: '(?:^|/)node_modules/' },
    exclude: { path: '^(?:dist|bench/out|test/e2e/artifacts)/' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
