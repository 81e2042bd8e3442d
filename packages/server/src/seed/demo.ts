import { sql } from 'drizzle-orm';
import type { Role } from '@maillon/shared/identity';
import type { AppDeps } from '../plugins/deps.ts';
import { seedCtx } from './context.ts';
import { seedDemoAssessments } from './demo-assessments.ts';
import { seedDemoAdmissions } from './demo-admissions.ts';
import { seedDemoJournal } from './demo-journal.ts';
import { seedDemoPeople } from './demo-people.ts';
import { seedDemoPlans } from './demo-plans.ts';
import { setTxContext } from '../db/tx.ts';
import { newId } from '../lib/ids.ts';
import { writeAudit } from '../modules/audit/service.ts';
import { hashPassword } from '../modules/identity/passwords.ts';
import { appUser, membership, organisation, service } from '../modules/identity/tables.ts';

/** Demo only (SEC-AUTHN-05): these accounts exist in demo mode and are listed in the README. */
export const DEMO_PASSWORD = 'Parcours-Demo-2026';

export const demoUsers: {
  email: string;
  name: string;
  role: Role;
  profession: string | null;
  job: string;
  /** Index of the member's service; null for every service. Otherwise care staff work in the SSIAD, others alternate. */
  service?: number | null;
}[] = [
  {
    email: 'admin@demo.maillon.fr',
    name: 'Hélène Marchand',
    role: 'admin',
    profession: 'administrative',
    job: 'Administratrice du système',
  },
  { email: 'direction@demo.maillon.fr', name: 'Philippe Garnier', role: 'director', profession: null, job: 'Directeur du DAC' },
  {
    email: 'coordination@demo.maillon.fr',
    name: 'Camille Lefèvre',
    role: 'coordinator',
    profession: 'coordinating_nurse',
    job: 'Infirmière coordinatrice de parcours',
  },
  { email: 'infirmier@demo.maillon.fr', name: 'Julien Moreau', role: 'health_professional', profession: 'nurse', job: 'Infirmier SSIAD' },
  {
    email: 'medecin@demo.maillon.fr',
    name: 'Dr Nadia Benali',
    role: 'health_professional',
    profession: 'doctor',
    job: 'Médecin coordonnateur',
  },
  {
    email: 'social@demo.maillon.fr',
    name: 'Sophie Caron',
    role: 'social_worker',
    profession: 'social_worker',
    job: 'Assistante de service social',
  },
  { email: 'aide-soignant@demo.maillon.fr', name: 'Karim Haddad', role: 'care_staff', profession: 'care_assistant', job: 'Aide-soignant' },
  { email: 'rh@demo.maillon.fr', name: 'Isabelle Fontaine', role: 'hr_manager', profession: null, job: 'Responsable RH et planning' },
  {
    email: 'logistique@demo.maillon.fr',
    name: 'Thomas Perrin',
    role: 'logistics_referent',
    profession: 'pharmacist',
    job: 'Référent pharmacie et matériel',
  },
  { email: 'dpo@demo.maillon.fr', name: 'Anne Rousseau', role: 'dpo', profession: null, job: 'Déléguée à la protection des données' },
  {
    email: 'partenaire@demo.maillon.fr',
    name: 'Marc Dubois',
    role: 'external_partner',
    profession: 'nurse',
    job: 'Cadre de santé, CH de Valence (partenaire)',
  },
  // A second coordinator, of every service, so that referents vary as in a real team (issue 19 item 21).
  {
    email: 'gestion-de-cas@demo.maillon.fr',
    name: 'Nicolas Roche',
    role: 'coordinator',
    profession: 'case_manager',
    job: 'Gestionnaire de cas',
    service: null,
  },
];

/** Seeds the demo organisation when the database has none. Returns false when already seeded. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  const { db, cipher } = deps;
  return db.transaction(async (tx) => {
    // One seeder at a time, and never twice.
    await tx.execute(sql`select pg_advisory_xact_lock(7341002613)`);
    const existing = await tx.execute(sql`select 1 from app_user limit 1`);
    if (existing.rowCount) return false;
    const orgId = newId();
    await tx.execute(sql`select set_config('app.tenant_id', ${orgId}, true)`);
    await tx.insert(organisation).values({
      id: orgId,
      name: 'DAC Drôme-Ardèche Nord',
      finess: '260012345',
      // MFA stays optional in the demo so that anyone can try it; the settings page shows how to require it.
      settings: { mfaRequiredRoles: [] },
    });
    const services = [
      { name: 'Coordination de parcours complexes', kind: 'dac', capacity: 180, address: '12 rue Madier de Montjau, 26000 Valence' },
      { name: 'SSIAD Valence Nord', kind: 'ssiad', capacity: 45, address: '4 avenue Victor Hugo, 26000 Valence' },
      { name: 'SAAD Romans-sur-Isère', kind: 'saad', capacity: 120, address: '18 place Jean Jaurès, 26100 Romans-sur-Isère' },
      { name: 'Équipe spécialisée Alzheimer', kind: 'spasad', capacity: 30, address: '7 rue Pêcherie, 07300 Tournon-sur-Rhône' },
    ];
    const serviceIds: string[] = [];
    for (const s of services) {
      const id = newId();
      serviceIds.push(id);
      await tx.insert(service).values({ id, ...s });
    }
    const hash = await hashPassword(DEMO_PASSWORD);
    const byKey: Record<string, string> = {};
    for (const [i, u] of demoUsers.entries()) {
      const userId = newId();
      const key = u.email.startsWith('infirmier')
        ? 'nurse'
        : u.email.startsWith('partenaire')
          ? 'partner'
          : u.email.startsWith('gestion-de-cas')
            ? 'case_manager'
            : u.role;
      byKey[key] ??= userId;
      await tx
        .insert(appUser)
        .values({ id: userId, email: u.email, displayName: u.name, passwordHash: hash, passwordChangedAt: new Date() });
      await tx.insert(membership).values({
        id: newId(),
        userId,
        role: u.role,
        profession: u.profession,
        jobTitle: u.job,
        serviceId:
          u.service !== undefined
            ? u.service === null
              ? null
              : serviceIds[u.service]!
            : u.role === 'health_professional' || u.role === 'care_staff'
              ? serviceIds[1]!
              : i % 2 === 0
                ? serviceIds[0]!
                : null,
      });
    }
    const people = await seedDemoPeople(tx, cipher, { serviceIds, users: byKey });
    const coordinator = demoUsers.find((u) => u.role === 'coordinator')!;
    // From here on, the seed acts as the demo coordinator through the modules' services.
    const ctx = await seedCtx(tx, deps, {
      tenantId: orgId,
      userId: byKey['coordinator']!,
      role: coordinator.role,
      profession: coordinator.profession,
      email: coordinator.email,
    });
    await seedDemoAssessments(ctx, people);
    await seedDemoAdmissions(tx, { serviceIds, users: byKey });
    await seedDemoPlans(ctx, { users: byKey });
    await seedDemoJournal(tx, deps, {
      tenantId: orgId,
      users: byKey,
      people: demoUsers.map((u) => ({
        role: u.role,
        profession: u.profession,
        email: u.email,
        key: u.email.startsWith('infirmier') ? 'nurse' : u.email.startsWith('partenaire') ? 'partner' : u.role,
      })),
    });
    await setTxContext(tx, { tenantId: orgId, userId: byKey['coordinator']! });
    await writeAudit(
      tx,
      { tenantId: orgId, userId: null, role: null, profession: null, requestId: null, ip: null },
      { action: 'system.demo_seeded', resourceType: 'organisation', resourceId: orgId, purpose: 'admin' },
    );
    return true;
  });
}
