import { accessModule } from '../modules/access/module';
import { admissionsModule } from '../modules/admissions/module';
import { assessmentsModule } from '../modules/assessments/module';
import { auditModule } from '../modules/audit/module';
import { coordinationModule } from '../modules/coordination/module';
import { homeModule } from '../modules/home/module';
import { identityModule } from '../modules/identity/module';
import { peopleModule } from '../modules/people/module';
import { plansModule } from '../modules/plans/module';
import type { NavEntry } from './navigation';

/**
 * Every web module of the app. Adding a module: its folder with a `module.tsx` (routes, navigation entries, i18n
 * namespaces; see docs/architecture.md, "How to add a web module") and one line here. Each module's pages are loaded
 * lazily, in their own chunks: the first screen carries the routes' definitions only.
 */
export const webModules = [
  homeModule,
  identityModule,
  peopleModule,
  accessModule,
  assessmentsModule,
  admissionsModule,
  plansModule,
  coordinationModule,
  auditModule,
] as const;

/** The main navigation: every module's entries, in menu order. */
export const navigation: readonly NavEntry[] = webModules.flatMap((module) => module.navigation).sort((a, b) => a.order - b.order);
