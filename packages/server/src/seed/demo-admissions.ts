import { sql } from 'drizzle-orm';
import {
  defaultChecklist,
  referralReference,
  waitingPriorityRank,
  type DecisionOutcome,
  type ReferralStatus,
  type WaitingPriority,
} from '@maillon/shared/admissions';
import { searchForm } from '@maillon/shared/people';
import type { Tx } from '../db/tx.ts';
import { newId } from '../lib/ids.ts';
import { careTeamMember } from '../modules/access/tables.ts';
import {
  admissionDecision,
  admissionSetting,
  committeeCase,
  committeeSession,
  homeVisit,
  referral,
  referralEvent,
  waitingListChange,
  waitingListEntry,
} from '../modules/admissions/tables.ts';
import { person } from '../modules/people/tables.ts';

// Demo admissions (issue 5): the DAC's referrals at every step for Camille Lefèvre (inbox,
// pre-admission files, home visits, a committee to come and one held, decisions of each kind, a
// waiting list), and the SSIAD Valence Nord full (45 patients for 45 places) with its own waiting
// list, decided by the coordinator alone as the organisation allows for that service.

const DAY = 86_400_000;
const ago = (days: number, hour = 10) => {
  const d = new Date(Date.now() - days * DAY);
  d.setUTCHours(hour - 1, 0, 0, 0);
  return d;
};
const day = (d: Date) => d.toISOString().slice(0, 10);
const AGGRAVATION = 'Aggravation signalée par l’infirmière libérale : plaie infectée, passage quotidien indispensable.';

const SURNAMES = [
  'Arnaud',
  'Bonnet',
  'Brun',
  'Chevalier',
  'Clément',
  'Collin',
  'Dumas',
  'Fabre',
  'Fournier',
  'Gautier',
  'Gay',
  'Guérin',
  'Jacquet',
  'Lambert',
  'Leroy',
  'Marchand',
  'Martin',
  'Masson',
  'Meunier',
  'Michel',
  'Morel',
  'Nicolas',
  'Picard',
  'Revol',
  'Reynaud',
  'Rey',
  'Robin',
  'Rolland',
  'Roussel',
  'Vidal',
  'Barbier',
  'Charrier',
  'Delorme',
  'Escoffier',
  'Faurie',
  'Gaillard',
  'Jourdan',
  'Monnier',
  'Peyrard',
  'Sauvajon',
  'Tardy',
  'Vernet',
  'Bouvier',
  'Chapuis',
];
const WOMEN = [
  'Jeanne',
  'Marie-Louise',
  'Simone',
  'Yvette',
  'Odette',
  'Germaine',
  'Paulette',
  'Lucienne',
  'Denise',
  'Suzanne',
  'Georgette',
];
const MEN = ['Marcel', 'René', 'Roger', 'André', 'Louis', 'Henri', 'Pierre', 'Lucien', 'Raymond', 'Gilbert', 'Maurice'];
const COMMUNES = ['Valence', 'Bourg-lès-Valence', 'Portes-lès-Valence', 'Guilherand-Granges', 'Chabeuil', 'Saint-Péray'];

interface Ids {
  serviceIds: string[];
  users: Record<string, string>;
}

interface Spec {
  service: number;
  status: ReferralStatus;
  receivedDaysAgo: number;
  source: 'hospital' | 'partner' | 'family' | 'self';
  channel: 'phone' | 'email' | 'mail' | 'secure_messaging' | 'app';
  org?: string;
  referrer: [string, string | null, string | null];
  urgency: 'routine' | 'priority' | 'urgent';
  reason: string;
  medical?: string;
  person: [string, string, 'female' | 'male', string, string];
  submittedByPartner?: boolean;
  ticked?: string[];
  visit?: {
    daysAgo: number;
    done?: boolean;
    adaptations?: [string, 'home' | 'establishment', string][];
    report?: [string, string, string, string];
  };
  decision?: {
    outcome: DecisionOutcome;
    daysAgo: number;
    committee?: 'past' | 'older';
    text: Record<string, string>;
    priority?: WaitingPriority;
  };
  onAgenda?: boolean;
  admittedDaysAgo?: number;
  withdrawn?: [number, string];
}

export async function seedDemoAdmissions(tx: Tx, ids: Ids): Promise<void> {
  const [dac, ssiad, saad, esa] = ids.serviceIds as [string, string, string, string];
  const u = ids.users;
  const coordinator = u['coordinator']!;
  const director = u['director']!;

  // 1. Settings: the SSIAD lets the coordinator decide alone; the committee of the DAC.
  const members = [
    { function: 'director', userId: director, name: 'Philippe Garnier', present: true },
    { function: 'coordinator', userId: coordinator, name: 'Camille Lefèvre', present: true },
    { function: 'doctor', userId: u['health_professional'] ?? null, name: 'Dr Nadia Benali', present: true },
    { function: 'psychologist', userId: null, name: 'Lucie Berthier', present: true },
    { function: 'social_referent', userId: u['social_worker'] ?? null, name: 'Sophie Caron', present: true },
  ];
  const settingsId = newId();
  await tx.insert(admissionSetting).values({
    id: settingsId,
    settings: {
      notifyReferrerByEmail: true,
      committeeMembers: members,
      services: { [ssiad]: { decisionMode: 'coordinator', checklist: defaultChecklist('ssiad') } },
    },
    version: 1,
  });

  // 2. The SSIAD's patients: 45 places, all taken.
  const taken = (
    await tx.execute<{ n: number }>(sql`select count(*)::int as n from person where service_id = ${ssiad} and status = 'active'`)
  ).rows[0]!.n;
  const referent = u['case_manager'] ?? director;
  for (let i = 0; i < 45 - taken; i++) {
    const female = i % 3 !== 0;
    const first = (female ? WOMEN : MEN)[i % 11]!;
    const last = SURNAMES[i % SURNAMES.length]!;
    const id = newId();
    await tx.insert(person).values({
      id,
      birthName: last,
      firstNames: first,
      sex: female ? 'female' : 'male',
      birthDate: `${1928 + ((i * 7) % 23)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`,
      commune: COMMUNES[i % COMMUNES.length]!,
      serviceId: ssiad,
      status: 'active',
      // The referent coordinator is one a SSIAD patient may have (issue 19 item 1): the case
      // manager of every service; the SSIAD's nurse is in the care team, not its referent.
      referentUserId: referent,
      searchName: searchForm(last, null, first),
      sortName: searchForm(last, first),
      createdBy: u['nurse'] ?? coordinator,
      createdAt: ago(30 + i * 9, 9),
    });
    await tx.insert(careTeamMember).values([
      { id: newId(), personId: id, userId: referent, function: 'referent', isReferent: true, startDate: day(ago(30 + i * 9)) },
      { id: newId(), personId: id, userId: u['nurse'] ?? coordinator, function: 'nurse', startDate: day(ago(30 + i * 9)) },
      { id: newId(), personId: id, userId: u['care_staff'] ?? coordinator, function: 'care_assistant', startDate: day(ago(30 + i * 9)) },
    ]);
  }

  // 3. Committee sessions: one held last month, one held last week, one to come.
  const sessions = { older: newId(), past: newId(), upcoming: newId() };
  await tx.insert(committeeSession).values([
    {
      id: sessions.older,
      scheduledAt: ago(35, 14),
      location: 'Salle de réunion, 12 rue Madier de Montjau, Valence',
      status: 'held',
      members,
      createdBy: coordinator,
    },
    {
      id: sessions.past,
      scheduledAt: ago(7, 14),
      location: 'Salle de réunion, 12 rue Madier de Montjau, Valence',
      status: 'held',
      members: members.map((m) => (m.function === 'psychologist' ? { ...m, present: false } : m)),
      notes: 'Point sur la file active : les deux coordinatrices suivent chacune plus de quarante situations.',
      createdBy: coordinator,
    },
    {
      id: sessions.upcoming,
      scheduledAt: ago(-5, 14),
      location: 'Salle de réunion, 12 rue Madier de Montjau, Valence',
      status: 'planned',
      members,
      createdBy: coordinator,
    },
  ]);
  const position: Record<string, number> = {};

  const specs: Spec[] = [
    {
      service: 0,
      status: 'received',
      receivedDaysAgo: 0,
      source: 'hospital',
      channel: 'app',
      org: 'CH de Valence — médecine gériatrique',
      referrer: ['Marc Dubois', 'Cadre de santé', 'm.dubois@ch-valence.example.fr'],
      urgency: 'priority',
      reason:
        'Sortie prévue dans dix jours après une chute avec fracture du poignet ; vit seule, troubles de la mémoire débutants, fils à Grenoble.',
      medical: 'Fracture du radius gauche plâtrée ; troubles cognitifs légers (MMS 22/30) ; hypertension traitée.',
      person: ['Moulin', 'Josette', 'female', '1941-05-17', 'Valence'],
      submittedByPartner: true,
    },
    {
      service: 0,
      status: 'received',
      receivedDaysAgo: 2,
      source: 'family',
      channel: 'phone',
      referrer: ['Sandrine Brunel', 'Fille', null],
      urgency: 'routine',
      reason: "Sa fille s'inquiète : trois chutes depuis l'été, ne sort plus, refuse l'aide à domicile proposée par la mairie.",
      person: ['Brunel', 'André', 'male', '1945-11-02', 'Chabeuil'],
    },
    {
      service: 0,
      status: 'under_review',
      receivedDaysAgo: 6,
      source: 'partner',
      channel: 'secure_messaging',
      org: 'CCAS de Bourg-lès-Valence',
      referrer: ['Nathalie Pons', 'Conseillère en économie sociale et familiale', 'n.pons@ccas-bourg.example.fr'],
      urgency: 'priority',
      reason: 'Couple âgé en difficulté : Monsieur épuisé par l’accompagnement de son épouse, factures impayées, logement encombré.',
      person: ['Garcia', 'Rosa', 'female', '1939-08-23', 'Bourg-lès-Valence'],
      ticked: ['person_agreement', 'caregiver'],
      visit: { daysAgo: -3 },
    },
    {
      service: 0,
      status: 'presented',
      receivedDaysAgo: 15,
      source: 'hospital',
      channel: 'email',
      org: 'Clinique Générale de Valence',
      referrer: ['Élodie Marin', 'Assistante sociale', 'e.marin@clinique-valence.example.fr'],
      urgency: 'urgent',
      reason: 'Retour à domicile après un AVC : hémiplégie droite partielle, épouse seule aidante, appartement au 3e étage sans ascenseur.',
      medical: 'AVC ischémique sylvien gauche le 2 du mois ; rééducation en cours ; traitement anticoagulant.',
      person: ['Vial', 'Jean-Pierre', 'male', '1948-02-14', 'Valence'],
      ticked: ['person_agreement', 'treating_doctor', 'caregiver'],
      visit: {
        daysAgo: 9,
        done: true,
        report: [
          'Appartement de 60 m² au 3e étage sans ascenseur ; vit avec son épouse.',
          'Quartier Fontbarlettes, pharmacie et commerces à proximité ; escalier étroit.',
          'Souhaite rentrer chez lui et reprendre ses promenades ; a peur d’être un poids pour sa femme.',
          'Épouse de 74 ans, fatiguée ; un fils à Lyon, présent un week-end sur deux.',
        ],
        adaptations: [
          ['bathroom', 'home', 'Remplacer la baignoire par une douche de plain-pied, barres d’appui'],
          ['equipment', 'home', 'Fauteuil roulant de transfert et lit médicalisé'],
          ['access', 'home', 'Étudier un monte-escalier ou un relogement en rez-de-chaussée'],
        ],
      },
      onAgenda: true,
    },
    {
      service: 0,
      status: 'decided',
      receivedDaysAgo: 24,
      source: 'partner',
      channel: 'phone',
      org: 'Cabinet infirmier des Baumes',
      referrer: ['Julie Faure', 'Infirmière libérale', null],
      urgency: 'priority',
      reason: 'Situation complexe à domicile : diabète déséquilibré, isolement, refus des aides ; plusieurs passages aux urgences.',
      medical: 'Diabète de type 2 insulino-requérant, HbA1c 10 % ; ulcère du pied droit.',
      person: ['Roche', 'Gisèle', 'female', '1944-06-30', 'Portes-lès-Valence'],
      ticked: ['identity', 'person_agreement', 'treating_doctor', 'caregiver'],
      visit: {
        daysAgo: 16,
        done: true,
        report: [
          'Maison de plain-pied, vit seule depuis le décès de son mari.',
          'Quartier pavillonnaire, pas de transports ; voisins présents.',
          'Veut rester chez elle ; accepte un passage infirmier « si ce n’est pas tous les jours ».',
          'Pas d’enfant ; une nièce à Valence joignable par téléphone.',
        ],
        adaptations: [['safety', 'home', 'Téléassistance et détecteur de chute']],
      },
      decision: {
        outcome: 'accepted',
        daysAgo: 7,
        committee: 'past',
        text: {
          facts: 'Trois passages aux urgences en deux mois ; vit seule ; accord de Mme Roche pour un accompagnement.',
          needs: 'Coordination des soins infirmiers et du suivi podologique ; lien avec le médecin traitant ; lutte contre l’isolement.',
          admissionConditions: 'Accompagnement par la coordinatrice de parcours, réévaluation à trois mois.',
          integrationConditions: 'Téléassistance installée et premier rendez-vous avec le médecin traitant avant le premier passage.',
          referrerMessage: 'Accompagnement accepté ; la coordinatrice vous appellera pour organiser le premier passage.',
        },
      },
    },
    {
      service: 0,
      status: 'decided',
      receivedDaysAgo: 22,
      source: 'self',
      channel: 'phone',
      referrer: ['Lucien Pascal', null, null],
      urgency: 'routine',
      reason: 'Demande une aide pour l’entretien du logement et les courses depuis une opération de la hanche.',
      person: ['Pascal', 'Lucien', 'male', '1950-09-09', 'Romans-sur-Isère'],
      decision: {
        outcome: 'redirected',
        daysAgo: 7,
        committee: 'past',
        text: {
          facts: 'Situation sans complexité de parcours ; besoin d’aide à domicile ponctuel après l’opération.',
          needs: 'Aide ménagère et portage des courses pendant deux mois.',
          redirectedTo: 'SAAD Romans-sur-Isère',
          redirectReason: 'Les besoins relèvent d’un service d’aide à domicile, sans coordination de parcours.',
          referrerMessage: 'Votre demande est transmise au SAAD de Romans-sur-Isère, qui vous contactera.',
        },
      },
    },
    {
      service: 0,
      status: 'admitted',
      receivedDaysAgo: 50,
      source: 'hospital',
      channel: 'email',
      org: 'Hôpital privé Drôme-Ardèche',
      referrer: ['Karine Vidal', 'Infirmière de liaison', 'k.vidal@hpda.example.fr'],
      urgency: 'priority',
      reason: 'Retour à domicile après une insuffisance cardiaque décompensée ; épouse malvoyante.',
      medical: 'Insuffisance cardiaque NYHA III ; surveillance du poids quotidienne.',
      person: ['Bernard', 'Émile', 'male', '1937-03-03', 'Guilherand-Granges'],
      ticked: ['identity', 'health_insurance', 'person_agreement', 'treating_doctor', 'caregiver'],
      visit: {
        daysAgo: 42,
        done: true,
        report: [
          'Maison avec jardin, chambre à l’étage.',
          'Village, médecin traitant à 2 km.',
          'Veut rester chez lui avec son épouse.',
          'Épouse malvoyante ; fille à Tournon, présente deux fois par semaine.',
        ],
        adaptations: [['bedroom', 'home', 'Installer la chambre au rez-de-chaussée']],
      },
      decision: {
        outcome: 'accepted',
        daysAgo: 35,
        committee: 'older',
        text: {
          facts: 'Deux hospitalisations en trois mois ; couple fragile ; accord de M. et Mme Bernard.',
          needs: 'Coordination cardiologue, infirmier et aide à domicile ; soutien de l’épouse.',
          admissionConditions: 'Suivi de parcours avec point mensuel ; plan d’aide APA à réviser.',
          integrationConditions: 'Chambre au rez-de-chaussée et balance installées avant le retour.',
        },
      },
      admittedDaysAgo: 30,
    },
    {
      service: 0,
      status: 'withdrawn',
      receivedDaysAgo: 30,
      source: 'family',
      channel: 'phone',
      referrer: ['Hélène Reynaud', 'Belle-fille', null],
      urgency: 'routine',
      reason: 'Recherche d’une solution d’accompagnement pour sa belle-mère, de plus en plus désorientée.',
      person: ['Reynaud', 'Marthe', 'female', '1933-12-01', 'Tournon-sur-Rhône'],
      withdrawn: [20, 'Entrée en EHPAD à Tournon-sur-Rhône choisie par la famille.'],
    },
    {
      service: 0,
      status: 'decided',
      receivedDaysAgo: 45,
      source: 'partner',
      channel: 'secure_messaging',
      org: 'Plateforme territoriale d’appui de Romans',
      referrer: ['Olivier Teyssier', 'Coordinateur', 'o.teyssier@pta-romans.example.fr'],
      urgency: 'priority',
      reason: 'Personne isolée atteinte d’une maladie de Parkinson évoluée ; rupture de suivi depuis le départ du médecin traitant.',
      person: ['Coste', 'Marguerite', 'female', '1942-01-19', 'Romans-sur-Isère'],
      decision: {
        outcome: 'waiting_list',
        daysAgo: 35,
        committee: 'older',
        priority: 'high',
        text: {
          facts: 'Rupture de suivi médical ; chutes ; vit seule.',
          needs: 'Retrouver un médecin traitant ; coordination neurologue et kinésithérapeute.',
          waitingReason: 'Les coordinatrices du secteur de Romans sont au complet ; première entrée possible.',
          capacityNote: 'File active du secteur de Romans complète.',
        },
      },
    },
    {
      service: 0,
      status: 'decided',
      receivedDaysAgo: 14,
      source: 'family',
      channel: 'phone',
      referrer: ['Pierre Jourdan', 'Fils', null],
      urgency: 'routine',
      reason: 'Épuisement du fils aidant, qui habite avec sa mère ; demande d’un relais et d’une orientation vers un accueil de jour.',
      person: ['Jourdan', 'Yvonne', 'female', '1938-07-07', 'Bourg-lès-Valence'],
      decision: {
        outcome: 'waiting_list',
        daysAgo: 7,
        committee: 'past',
        priority: 'normal',
        text: {
          facts: 'Fils aidant épuisé ; pas de danger immédiat ; accueil de jour envisagé.',
          needs: 'Relais pour l’aidant ; évaluation de l’orientation en accueil de jour.',
          waitingReason: 'Situation stable, à reprendre dès qu’une coordinatrice a une place dans sa file active.',
        },
      },
    },
    // The SSIAD: full, with its waiting list decided by the coordinator alone.
    ...(
      [
        [
          'Laurent',
          'Colette',
          'female',
          '1935-04-04',
          'urgent',
          3,
          'Sortie d’hôpital sans relais infirmier ; pansements complexes quotidiens.',
        ],
        [
          'Mathieu',
          'Robert',
          'male',
          '1940-10-10',
          'high',
          12,
          'Aide à la toilette et surveillance après un AVC ; épouse aidante fatiguée.',
        ],
        [
          'Besson',
          'Huguette',
          'female',
          '1932-02-28',
          'normal',
          20,
          'Aide à la toilette trois fois par semaine ; maintien à domicile souhaité.',
        ],
      ] as const
    ).map(([last, first, sex, birth, priority, days, reason]): Spec => ({
      service: 1,
      status: 'decided',
      receivedDaysAgo: days + 4,
      source: 'hospital',
      channel: 'email',
      org: 'CH de Valence',
      referrer: ['Service social du CH de Valence', null, 'service.social@ch-valence.example.fr'],
      urgency: priority === 'urgent' ? 'urgent' : 'priority',
      reason,
      medical: 'Prescription médicale de soins infirmiers jointe au dossier.',
      person: [last, first, sex, birth, 'Valence'],
      decision: {
        outcome: 'waiting_list',
        daysAgo: days,
        priority,
        text: {
          facts: 'Besoins relevant du SSIAD ; prescription médicale reçue ; accord de la personne.',
          needs: reason,
          waitingReason: 'Les 45 places du SSIAD sont occupées ; entrée à la première place libérée.',
          capacityNote: 'Service complet.',
        },
      },
    })),
    {
      service: 3,
      status: 'received',
      receivedDaysAgo: 1,
      source: 'family',
      channel: 'phone',
      referrer: ['Claude Favier', 'Époux', null],
      urgency: 'routine',
      reason: 'Maladie d’Alzheimer diagnostiquée en mars ; demande de séances de réhabilitation à domicile prescrites par le neurologue.',
      person: ['Favier', 'Monique', 'female', '1947-09-15', 'Tournon-sur-Rhône'],
    },
  ];

  const svc = [dac, ssiad, saad, esa];
  let n = 0;
  for (const s of specs) {
    n += 1;
    const id = newId();
    const serviceId = svc[s.service]!;
    const received = ago(s.receivedDaysAgo, 9 + (n % 6));
    const kind = s.service === 1 ? 'ssiad' : s.service === 3 ? 'spasad' : s.service === 2 ? 'saad' : 'dac';
    const checklist = defaultChecklist(kind).map((i) => {
      const done = s.ticked?.includes(i.key) ?? false;
      return {
        ...i,
        done,
        doneAt: done ? ago(s.receivedDaysAgo - 2).toISOString() : null,
        doneBy: done ? 'Camille Lefèvre' : null,
        note: null,
      };
    });
    const [last, first, sex, birth, commune] = s.person;
    let personId: string | null = null;
    // An eligible referent (issue 19 item 1): the DAC's coordinator for its service, else the case manager.
    const referentOf = serviceId === dac ? coordinator : (u['case_manager'] ?? director);
    if (s.status !== 'received') {
      personId = newId();
      const active = s.status === 'admitted';
      await tx.insert(person).values({
        id: personId,
        birthName: last,
        firstNames: first,
        sex,
        birthDate: birth,
        commune,
        serviceId,
        status: active ? 'active' : s.status === 'withdrawn' || s.decision?.outcome === 'redirected' ? 'ended' : 'waiting',
        referentUserId: referentOf,
        searchName: searchForm(last, null, first),
        sortName: searchForm(last, first),
        createdBy: coordinator,
        // The record is opened when the request is linked to it, not on the day the demo starts.
        createdAt: new Date(Math.min(Date.now(), ago(s.receivedDaysAgo, 11).getTime())),
      });
      if (referentOf !== coordinator) {
        await tx.insert(careTeamMember).values({
          id: newId(),
          personId,
          userId: coordinator,
          function: 'coordinator',
          startDate: day(ago(s.admittedDaysAgo ?? s.receivedDaysAgo)),
        });
      }
      await tx.insert(careTeamMember).values({
        id: newId(),
        personId,
        userId: referentOf,
        function: 'referent',
        isReferent: true,
        startDate: day(ago(s.admittedDaysAgo ?? s.receivedDaysAgo)),
      });
    }
    const decidedAt = s.decision ? ago(s.decision.daysAgo, 15) : null;
    await tx.insert(referral).values({
      id,
      reference: referralReference(new Date().getFullYear(), n),
      status: s.status,
      source: s.source,
      channel: s.channel,
      sourceOrganisation: s.org ?? null,
      referrerName: s.referrer[0],
      referrerFunction: s.referrer[1],
      referrerEmail: s.referrer[2],
      referrerPhone: s.channel === 'phone' ? `06 ${String(12 + n).padStart(2, '0')} 45 67 ${String(10 + n).padStart(2, '0')}` : null,
      submittedBy: s.submittedByPartner ? (u['partner'] ?? null) : null,
      receivedAt: received,
      urgency: s.urgency,
      reason: s.reason,
      medicalInformation: s.medical ?? null,
      requestedServiceIds: [serviceId],
      serviceId,
      currentPlace: s.source === 'hospital' ? 'hospital' : 'home',
      personInformed: true,
      personId,
      birthName: last,
      firstNames: first,
      sex,
      birthDate: birth,
      commune,
      checklist,
      outcome: s.decision?.outcome ?? null,
      decidedAt,
      admittedOn: s.admittedDaysAgo !== undefined ? day(ago(s.admittedDaysAgo)) : null,
      admittedServiceId: s.admittedDaysAgo !== undefined ? serviceId : null,
      placeKind: s.admittedDaysAgo !== undefined ? 'home' : null,
      referentUserId: s.admittedDaysAgo !== undefined ? referentOf : null,
      withdrawnAt: s.withdrawn ? ago(s.withdrawn[0]) : null,
      withdrawReason: s.withdrawn?.[1] ?? null,
      createdBy: s.submittedByPartner ? (u['partner'] ?? coordinator) : coordinator,
      createdAt: received,
      updatedAt: decidedAt ?? received,
    });
    // The dated, attributed steps.
    const steps: [ReferralStatus | null, ReferralStatus, Date, string | null][] = [[null, 'received', received, null]];
    const at = (d: number) => ago(d, 11);
    if (personId) steps.push(['received', 'under_review', at(s.receivedDaysAgo - 1), null]);
    const committee = s.decision?.committee ?? (s.onAgenda ? 'upcoming' : null);
    if (committee) steps.push(['under_review', 'presented', at(Math.min(s.receivedDaysAgo - 2, (s.decision?.daysAgo ?? 0) + 3)), null]);
    if (s.decision) steps.push([committee ? 'presented' : 'under_review', 'decided', decidedAt!, null]);
    if (s.admittedDaysAgo !== undefined) steps.push(['decided', 'admitted', at(s.admittedDaysAgo), 'À domicile']);
    if (s.withdrawn) steps.push(['under_review', 'withdrawn', ago(s.withdrawn[0]), s.withdrawn[1]]);
    for (const [from, to, when, note] of steps) {
      await tx.insert(referralEvent).values({
        id: newId(),
        referralId: id,
        fromStatus: from,
        toStatus: to,
        at: when,
        by: to === 'received' && s.submittedByPartner ? (u['partner'] ?? null) : to === 'decided' && committee ? director : coordinator,
        note,
      });
    }
    if (s.visit) {
      const v = s.visit;
      await tx.insert(homeVisit).values({
        id: newId(),
        referralId: id,
        status: v.done ? 'done' : 'planned',
        plannedAt: ago(v.daysAgo, 15),
        visitors: 'Camille Lefèvre, Sophie Caron',
        visitorIds: [coordinator, ...(u['social_worker'] ? [u['social_worker']] : [])],
        doneOn: v.done ? day(ago(v.daysAgo)) : null,
        report: v.done
          ? {
              livingConditions: v.report![0],
              environment: v.report![1],
              needsAndWishes: v.report![2],
              family: v.report![3],
              adaptations: (v.adaptations ?? []).map(([area, where, description]) => ({ area, where, description })),
              personPresent: true,
              othersPresent: null,
            }
          : null,
        recordedBy: v.done ? coordinator : null,
        createdBy: coordinator,
      });
    }
    let caseId: string | null = null;
    if (committee) {
      const sessionId = sessions[committee];
      caseId = newId();
      position[sessionId] = (position[sessionId] ?? 0) + 1;
      await tx.insert(committeeCase).values({
        id: caseId,
        sessionId,
        referralId: id,
        position: position[sessionId],
        status: s.decision ? 'decided' : 'on_agenda',
        summary: `${s.reason} Visite à domicile ${s.visit?.done ? 'réalisée' : 'à faire'} ; dossier de pré-admission ${checklist.filter((c) => c.done).length}/${checklist.length}.`,
        presentedBy: coordinator,
      });
    }
    if (s.decision) {
      const d = s.decision;
      const decisionId = newId();
      const capacity = [180, 45, 120, 30][s.service]!;
      await tx.insert(admissionDecision).values({
        id: decisionId,
        referralId: id,
        caseId,
        mode: committee ? 'committee' : 'coordinator',
        outcome: d.outcome,
        facts: d.text.facts!,
        needs: d.text.needs!,
        capacityNote: d.text.capacityNote ?? null,
        capacity,
        occupied: s.service === 1 ? 45 : 9,
        waiting: s.service === 1 ? 2 : 1,
        admissionConditions: d.text.admissionConditions ?? null,
        integrationConditions: d.text.integrationConditions ?? null,
        redirectedTo: d.text.redirectedTo ?? null,
        redirectReason: d.text.redirectReason ?? null,
        waitingPriority: d.priority ?? null,
        waitingReason: d.text.waitingReason ?? null,
        referrerMessage: d.text.referrerMessage ?? null,
        decidedBy: committee ? director : coordinator,
        decidedAt: decidedAt!,
      });
      if (caseId) await tx.execute(sql`update committee_case set decision_id = ${decisionId} where id = ${caseId}`);
      if (d.outcome === 'waiting_list') {
        const entryId = newId();
        await tx.insert(waitingListEntry).values({
          id: entryId,
          referralId: id,
          serviceId,
          personId: personId!,
          priority: d.priority!,
          priorityRank: waitingPriorityRank[d.priority!],
          since: day(decidedAt!),
          // As `updateWaiting` leaves it: the place carries the reason of its latest change.
          reason: d.priority === 'urgent' ? AGGRAVATION : (d.text.waitingReason ?? null),
          version: d.priority === 'urgent' ? 2 : 1,
        });
        await tx.insert(waitingListChange).values({
          id: newId(),
          entryId,
          at: decidedAt!,
          kind: 'added',
          toPriority: d.priority === 'urgent' ? 'high' : d.priority!,
          reason: d.text.waitingReason ?? null,
          by: committee ? director : coordinator,
        });
        if (d.priority === 'urgent') {
          // The reason and date of a change of priority, as the committee sees them.
          await tx.insert(waitingListChange).values({
            id: newId(),
            entryId,
            at: ago(1, 16),
            kind: 'priority',
            fromPriority: 'high',
            toPriority: 'urgent',
            reason: AGGRAVATION,
            by: coordinator,
          });
        }
      }
    }
  }
  await tx.execute(sql`update admission_setting set next_number = ${n + 1} where id = ${settingsId}`);
}
