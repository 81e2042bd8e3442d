/** Module boundaries (STYLE.md 9): a module imports another only through its public entry; no cycles. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'server-module-boundary',
      comment:
        'A server module reaches another module only through its public.ts (docs/architecture.md, "How to add a module"). ' +
        "Table files are the schema layer: a tables.ts may import another module's tables.ts for its foreign keys (decision 0023).",
      severity: 'error',
      from: { path: '^packages/server/src/modules/([^/]+)/', pathNot: '^packages/server/src/modules/[^/]+/tables\\.ts$' },
      to: {
        path: '^packages/server/src/modules/([^/]+)/',
        pathNot: ['^packages/server/src/modules/$1/', '^packages/server/src/modules/[^/]+/public\\.ts$'],
      },
    },
    {
      name: 'server-schema-layer',
      comment: "A tables.ts imports only tables: its own module's or another module's tables.ts (foreign keys), never services.",
      severity: 'error',
      from: { path: '^packages/server/src/modules/([^/]+)/tables\\.ts$' },
      to: {
        path: '^packages/server/src/modules/',
        pathNot: '^packages/server/src/modules/[^/]+/tables\\.ts$',
      },
    },
    {
      name: 'web-module-boundary',
      comment: 'A web module never reaches into another module; shared UI lives in ui/.',
      severity: 'error',
      from: { path: '^packages/web/src/modules/([^/]+)/' },
      to: {
        path: '^packages/web/src/modules/([^/]+)/',
        pathNot: ['^packages/web/src/modules/$1/', '^packages/web/src/modules/[^/]+/public\\.ts$'],
      },
    },
    {
      name: 'shared-is-pure',
      comment: 'packages/shared runs in the browser and the server: no server or web imports.',
      severity: 'error',
      from: { path: '^packages/shared/' },
      to: { path: '^packages/(server|web)/' },
    },
    {
      name: 'web-not-server',
      comment: 'The web app never imports server code; the e2e set-up starts the real server on purpose.',
      severity: 'error',
      from: { path: '^packages/web/', pathNot: '^packages/web/e2e/' },
      to: { path: '^packages/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist', '\\.test\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
