/**
 * No cycles between module folders (issue 18): the modules of the server form a layered graph
 * (identity and audit at the bottom, then people, access, and the modules built on them), so a
 * module can be understood, tested and changed without the ones above it. The table files are
 * left out: they are the schema layer (one drizzle schema, foreign keys across modules, decision
 * 0023); `.dependency-cruiser.cjs` checks that they import nothing but tables. Run by `npm run lint`
 * and `npm test` after the file rules.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      comment: 'Two server modules must not depend on each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/server/src/modules/[^/]+' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist', '\\.test\\.ts$', '^packages/server/src/modules/[^/]+/tables\\.ts$'] },
    includeOnly: '^packages/server/src/modules/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
