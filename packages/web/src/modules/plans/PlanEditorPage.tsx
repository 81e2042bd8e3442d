import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Fieldset,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import {
  actionCost,
  actionTypes,
  checkCoherence,
  computeBudget,
  contentOf,
  costPeriods,
  expectationSources,
  fundingSources,
  goalHorizons,
  goalPriorities,
  planComponents,
  planContentSchema,
  prescribedActionTypes,
  todayIso,
  type ActionInput,
  type CostLine,
  type GoalInput,
  type PlanContent,
} from '@maillon/shared/plans';
import { IconArrowLeft, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { ErrorState } from '../../ui/ErrorState';
import { fieldErrorMessage } from '../../ui/errors';
import { issueMessage, stripLocation } from '../../ui/form';
import { ButtonLink } from '../../ui/links';
import { LoadingState } from '../../ui/LoadingState';
import { notify, notifyError } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { careTeamQueryOptions, planKeys, planQueryOptions, saveContent, staffQueryOptions, type Plan, type Versioned } from './api';
import { BudgetView } from './BudgetView';
import { actionTypeLabel, coherenceLabel, componentLabel, euros, horizonLabel, periodLabel, priorityLabel, sourceLabel } from './labels';

type Goal = GoalInput & { actions: ActionInput[]; uid: string };
type Errors = Record<string, string>;

const uid = () => crypto.randomUUID();
const withUids = (c: PlanContent): Goal[] =>
  c.goals.map((g) => ({ ...g, actions: (g.actions ?? []).map((a) => ({ ...a })), uid: g.id ?? uid() }));
const toCents = (v: number | string) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : 0);

/** `/plans/$planId/edit`: from the assessed needs to goals, and to actions whose costs add up live against the budget. */
export function PlanEditorPage({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ ...planQueryOptions(planId), refetchOnWindowFocus: false });
  const back = (
    <ButtonLink to="/plans/$planId" params={{ planId }} search={{}} variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('plans.editor.back')}
    </ButtonLink>
  );
  if (q.isPending)
    return (
      <>
        <PageHeader title={t('plans.editor.title')} actions={back} />
        <LoadingState label={t('plans.view.loading')} />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageHeader title={t('plans.editor.title')} actions={back} />
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  if (!q.data.data.access.can.edit)
    return (
      <>
        <PageHeader title={t('plans.editor.title')} actions={back} />
        <Alert color="gray">{t('plans.editor.notEditable')}</Alert>
      </>
    );
  return <Editor key={q.data.data.version.id} initial={q.data} back={back} />;
}

function Editor({ initial, back }: { initial: Versioned<Plan>; back: React.ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [server, setServer] = useState(initial);
  const plan = server.data;
  const base = contentOf(plan);
  const [expectations, setExpectations] = useState(base.expectations ?? '');
  const [expectationsBy, setExpectationsBy] = useState<string | null>(base.expectationsBy ?? null);
  const [goals, setGoals] = useState<Goal[]>(() => withUids(base));
  const [deferred, setDeferred] = useState<Record<string, string>>(() =>
    Object.fromEntries((base.deferredNeeds ?? []).map((d) => [d.code, d.reason])),
  );
  const [allocations, setAllocations] = useState(
    () => new Map((base.budget ?? []).map((b) => [b.source, { monthlyCents: b.monthlyCents ?? null, oneOffCents: b.oneOffCents ?? null }])),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<Versioned<Plan> | null>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const team = useQuery(careTeamQueryOptions(plan.personId));
  const staff = useQuery(staffQueryOptions());

  useBlocker({ shouldBlockFn: () => dirty && !window.confirm(t('plans.editor.leave')), enableBeforeUnload: () => dirty });

  const content = (): PlanContent => ({
    expectations: expectations.trim() || null,
    expectationsBy: expectationsBy as PlanContent['expectationsBy'],
    goals: goals.map(({ uid: _u, ...g }) => g),
    deferredNeeds: Object.entries(deferred)
      // a reason typed then cleared is no deferral (the need shows as unanswered, not as an error)
      .filter(([code, reason]) => reason.trim() && !goals.some((g) => (g.needCodes ?? []).includes(code)))
      .map(([code, reason]) => ({ code, reason })),
    budget: [...allocations].filter(([, a]) => a.monthlyCents !== null || a.oneOffCents !== null).map(([source, a]) => ({ source, ...a })),
  });

  // Live figures: the same pure functions as the server's (shared), on what is typed now.
  const lines = goals.flatMap((g) => g.actions.map(costLineOf));
  const budgetStart = plan.version.startDate ?? todayIso();
  const budget = computeBudget(
    lines,
    [...allocations].map(([source, a]) => ({ source, ...a })),
    budgetStart,
  );
  const coherence = checkCoherence({
    needs: plan.needs,
    deferred: Object.entries(deferred).map(([code, reason]) => ({ code, reason })),
    goals: goals.map((g) => ({
      id: g.uid,
      wording: g.wording,
      needCodes: g.needCodes ?? [],
      indicator: g.indicator ?? null,
      target: g.target ?? null,
    })),
    actions: goals.flatMap((g) =>
      g.actions.map((a, j) => ({
        id: `${g.uid}:${j}`,
        goalId: g.uid,
        description: a.description,
        type: a.type,
        hasOwner: !!a.owner,
        startDate: a.startDate || null,
        endDate: a.endDate || null,
        status: a.status ?? 'planned',
        once: a.period === 'once',
      })),
    ),
  });

  const owners = useMemo(() => {
    const items: { value: string; label: string; group: string }[] = [];
    const seen = new Set<string>();
    for (const m of (team.data ?? []).filter((x) => x.active)) {
      if (m.userId) {
        seen.add(m.userId);
        items.push({
          value: `user:${m.userId}`,
          label: m.displayName,
          group: m.role === 'external_partner' ? t('plans.editor.ownerPartners') : t('plans.editor.ownerTeam'),
        });
      } else
        items.push({
          value: `contact:${m.id}`,
          label: m.externalOrganisation ? `${m.displayName} (${m.externalOrganisation})` : m.displayName,
          group: t('plans.editor.ownerContacts'),
        });
    }
    for (const s of staff.data ?? [])
      if (!seen.has(s.userId)) items.push({ value: `user:${s.userId}`, label: s.displayName, group: t('plans.editor.ownerStaff') });
    for (const g of plan.goals)
      for (const a of g.actions)
        if (a.owner) {
          const value = a.owner.kind === 'user' ? `user:${a.owner.userId}` : `contact:${a.owner.careTeamMemberId}`;
          if (!items.some((i) => i.value === value)) items.push({ value, label: a.owner.name, group: t('plans.editor.ownerTeam') });
        }
    const groups = [...new Set(items.map((i) => i.group))];
    return groups.map((group) => ({ group, items: items.filter((i) => i.group === group).map(({ value, label }) => ({ value, label })) }));
  }, [team.data, staff.data, plan.goals, t]);

  const touch = () => setDirty(true);
  const setGoal = (i: number, patch: Partial<Goal>) => {
    touch();
    setGoals((gs) => gs.map((g, k) => (k === i ? { ...g, ...patch } : g)));
  };
  const setAction = (i: number, j: number, patch: Partial<ActionInput>) => {
    touch();
    setGoals((gs) => gs.map((g, k) => (k === i ? { ...g, actions: g.actions.map((a, l) => (l === j ? { ...a, ...patch } : a)) } : g)));
  };
  const err = (path: string) => errors[path];

  const save = async (etag = server.etag) => {
    const body = content();
    const parsed = planContentSchema.safeParse(body, { reportInput: true });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= issueMessage(issue, t);
      setErrors(found);
      notify({ color: 'red', message: t('plans.editor.invalid', { count: Object.keys(found).length }) });
      return;
    }
    setSaving(true);
    try {
      const saved = await saveContent(plan.id, etag, body);
      queryClient.setQueryData(planKeys.version(plan.id, undefined), saved);
      void queryClient.invalidateQueries({ queryKey: planKeys.lists });
      setServer(saved);
      setGoals(withUids(contentOf(saved.data)));
      setErrors({});
      setConflict(null);
      setDirty(false);
      notify({ message: t('plans.editor.saved') });
    } catch (e) {
      if (isApiError(e) && e.status === 412 && e.current) {
        const cur = e.current as Plan;
        setConflict({ data: cur, etag: `"${cur.version.version}"` });
      } else if (isApiError(e) && e.fieldErrors.length) {
        const found: Errors = {};
        const words: Record<string, string> = {
          unknown_owner: t('plans.editor.errors.unknownOwner'),
          unknown_need: t('plans.editor.errors.unknownNeed'),
          category_not_allowed: t('plans.editor.errors.category'),
        };
        for (const fe of e.fieldErrors) found[stripLocation(fe.path)] ??= words[fe.code] ?? fieldErrorMessage(fe, t);
        setErrors(found);
        notify({ color: 'red', message: t('plans.editor.invalid', { count: Object.keys(found).length }) });
      } else notifyError(e);
    } finally {
      setSaving(false);
    }
  };

  const needOptions = plan.needs.map((n) => ({ value: n.code, label: n.label }));
  const answered = new Set(goals.flatMap((g) => g.needCodes ?? []));

  return (
    <>
      <PageHeader
        title={t('plans.editor.titleFor', { name: plan.personName ?? '' })}
        documentTitle={t('plans.editor.title')}
        description={t('plans.editor.description', { number: plan.version.number })}
        actions={back}
      />
      <Stack gap="md">
        {conflict ? (
          <Alert color="orange" variant="light" title={t('plans.editor.conflictTitle')} role="alert">
            <Stack gap="xs">
              <Text size="sm">{t('plans.editor.conflict', { goals: conflict.data.goals.map((g) => g.wording).join(' ; ') || '—' })}</Text>
              <Group gap="sm">
                <Button size="xs" onClick={() => void save(conflict.etag)} loading={saving}>
                  {t('plans.editor.keepMine')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setServer(conflict);
                    queryClient.setQueryData(planKeys.version(plan.id, undefined), conflict);
                    setDirty(false);
                    void navigate({ to: '/plans/$planId', params: { planId: plan.id }, search: {} });
                  }}
                >
                  {t('plans.editor.takeTheirs')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              <Card withBorder padding="md" component="section" aria-labelledby="ed-needs">
                <Title order={2} size="h3" id="ed-needs" mb="xs">
                  {t('plans.editor.needs')}
                </Title>
                <Text size="sm" c="dimmed" mb="xs">
                  {t('plans.editor.needsHelp')}
                </Text>
                <Stack gap={6}>
                  {plan.needs.map((n) => (
                    <Group key={n.code} gap="xs" wrap="wrap" align="flex-end">
                      <Badge color={answered.has(n.code) ? 'teal' : deferred[n.code]?.trim() ? 'gray' : 'orange'} variant="light" miw={110}>
                        {answered.has(n.code)
                          ? t('plans.editor.answered')
                          : deferred[n.code]?.trim()
                            ? t('plans.editor.deferred')
                            : t('plans.editor.open')}
                      </Badge>
                      <Text size="sm" style={{ flex: '1 1 14rem' }}>
                        {n.label}
                      </Text>
                      {!answered.has(n.code) ? (
                        <TextInput
                          size="xs"
                          style={{ flex: '1 1 16rem' }}
                          label={t('plans.editor.deferReason', { need: n.label })}
                          value={deferred[n.code] ?? ''}
                          onChange={(e) => {
                            const value = e.currentTarget.value;
                            touch();
                            setDeferred((d) => ({ ...d, [n.code]: value }));
                          }}
                        />
                      ) : null}
                    </Group>
                  ))}
                  {plan.needs.length === 0 ? <Text c="dimmed">{t('plans.editor.noNeeds')}</Text> : null}
                </Stack>
              </Card>

              <Card withBorder padding="md" component="section" aria-labelledby="ed-expectations">
                <Title order={2} size="h3" id="ed-expectations" mb="xs">
                  {t('plans.view.expectations')}
                </Title>
                <Textarea
                  label={t('plans.editor.expectations')}
                  description={t('plans.editor.expectationsHelp')}
                  autosize
                  minRows={2}
                  value={expectations}
                  onChange={(e) => {
                    touch();
                    setExpectations(e.currentTarget.value);
                  }}
                  error={err('expectations')}
                />
                <Select
                  mt="xs"
                  label={t('plans.editor.expectationsBy')}
                  data={expectationSources.map((s) => ({ value: s, label: t(`plans.expectationSources.${s}`) }))}
                  value={expectationsBy}
                  onChange={(v) => {
                    touch();
                    setExpectationsBy(v);
                  }}
                  clearable
                  w={320}
                />
              </Card>

              {goals.map((g, i) => (
                <GoalEditor
                  key={g.uid}
                  goal={g}
                  index={i}
                  budgetStart={budgetStart}
                  needOptions={needOptions}
                  owners={owners}
                  err={err}
                  onGoal={(patch) => setGoal(i, patch)}
                  onAction={(j, patch) => setAction(i, j, patch)}
                  onAddAction={() =>
                    setGoal(i, {
                      actions: [
                        ...g.actions,
                        {
                          description: '',
                          type: 'personal_help',
                          owner: null,
                          unitCostCents: 0,
                          quantity: 1,
                          period: 'month',
                          status: 'planned',
                        },
                      ],
                    })
                  }
                  onRemoveAction={(j) => setGoal(i, { actions: g.actions.filter((_, l) => l !== j) })}
                  onRemove={() => {
                    touch();
                    setGoals((gs) => gs.filter((_, k) => k !== i));
                  }}
                />
              ))}
              <Group>
                <Button
                  variant="light"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={() => {
                    touch();
                    setGoals((gs) => [
                      ...gs,
                      { uid: uid(), wording: '', component: 'life', needCodes: [], horizon: '6m', priority: 'medium', actions: [] },
                    ]);
                  }}
                >
                  {t('plans.editor.addGoal')}
                </Button>
              </Group>

              <Card withBorder padding="md" component="section" aria-labelledby="ed-allocations">
                <Title order={2} size="h3" id="ed-allocations" mb="xs">
                  {t('plans.editor.allocations')}
                </Title>
                <Text size="sm" c="dimmed" mb="xs">
                  {t('plans.editor.allocationsHelp')}
                </Text>
                <Stack gap="xs">
                  {fundingSources.map((s) => {
                    const a = allocations.get(s) ?? { monthlyCents: null, oneOffCents: null };
                    const set = (patch: Partial<typeof a>) => {
                      touch();
                      setAllocations((m) => new Map(m).set(s, { ...a, ...patch }));
                    };
                    return (
                      <SimpleGrid key={s} cols={{ base: 1, sm: 3 }} spacing="xs">
                        <Text size="sm" fw={500} pt={{ sm: 28 }}>
                          {sourceLabel(t, s)}
                        </Text>
                        <NumberInput
                          label={t('plans.editor.allocatedMonthly', { source: sourceLabel(t, s) })}
                          decimalScale={2}
                          min={0}
                          suffix=" €"
                          decimalSeparator=","
                          thousandSeparator=" "
                          value={a.monthlyCents === null ? '' : a.monthlyCents / 100}
                          onChange={(v) => set({ monthlyCents: v === '' ? null : toCents(v) })}
                        />
                        <NumberInput
                          label={t('plans.editor.allocatedOneOff', { source: sourceLabel(t, s) })}
                          decimalScale={2}
                          min={0}
                          suffix=" €"
                          decimalSeparator=","
                          thousandSeparator=" "
                          value={a.oneOffCents === null ? '' : a.oneOffCents / 100}
                          onChange={(v) => set({ oneOffCents: v === '' ? null : toCents(v) })}
                        />
                      </SimpleGrid>
                    );
                  })}
                </Stack>
              </Card>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md" style={{ position: 'sticky', top: 70 }}>
              <Card withBorder padding="md" component="section" aria-labelledby="ed-live">
                <Title order={2} size="h3" id="ed-live" mb="xs">
                  {t('plans.editor.live')}
                </Title>
                <div aria-live="polite">
                  <BudgetView budget={budget} compact />
                </div>
                {plan.hidden.actions ? (
                  <Text size="xs" c="dimmed" mt="xs">
                    {t('plans.editor.hiddenCosts', { count: plan.hidden.actions })}
                  </Text>
                ) : null}
              </Card>
              <Card withBorder padding="md" component="section" aria-labelledby="ed-coherence">
                <Title order={2} size="h3" id="ed-coherence" mb="xs">
                  {t('plans.coherence.title')}
                </Title>
                {coherence.length === 0 ? (
                  <Text c="teal.9" size="sm">
                    {t('plans.coherence.none')}
                  </Text>
                ) : null}
                <Stack gap={4}>
                  {coherence.map((c, k) => (
                    <Text key={k} size="sm">
                      ⚠ <strong>{coherenceLabel(t, c.code)}</strong> {c.message}
                    </Text>
                  ))}
                </Stack>
              </Card>
              <Button size="md" leftSection={<IconDeviceFloppy size={18} aria-hidden />} onClick={() => void save()} loading={saving}>
                {t('plans.editor.save')}
              </Button>
              {dirty ? (
                <Text size="sm" c="dimmed">
                  {t('plans.editor.unsaved')}
                </Text>
              ) : null}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}

interface GoalEditorProps {
  goal: Goal;
  index: number;
  /** The first day of the plan's budget: each cost is counted over its dates within it. */
  budgetStart: string;
  needOptions: { value: string; label: string }[];
  owners: { group: string; items: { value: string; label: string }[] }[];
  err: (path: string) => string | undefined;
  onGoal: (patch: Partial<Goal>) => void;
  onAction: (j: number, patch: Partial<ActionInput>) => void;
  onAddAction: () => void;
  onRemoveAction: (j: number) => void;
  onRemove: () => void;
}

function GoalEditor({
  goal: g,
  index: i,
  budgetStart,
  needOptions,
  owners,
  err,
  onGoal,
  onAction,
  onAddAction,
  onRemoveAction,
  onRemove,
}: GoalEditorProps) {
  const { t } = useTranslation();
  const p = `goals.${i}`;
  const n = i + 1;
  const goalTotal = g.actions.reduce((s, a) => s + (a.status === 'cancelled' ? 0 : actionCost(costLineOf(a), budgetStart).budgetCents), 0);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`ed-goal-${g.uid}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3" id={`ed-goal-${g.uid}`}>
            {t('plans.editor.goalN', { n })}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('plans.editor.goalCost', { amount: euros(goalTotal) })}
            </Text>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('plans.editor.removeGoal', { n })}>
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <TextInput
          label={t('plans.goal.wording')}
          required
          value={g.wording}
          onChange={(e) => onGoal({ wording: e.currentTarget.value })}
          error={err(`${p}.wording`)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('plans.goal.component')}
            data={planComponents.map((c) => ({ value: c, label: componentLabel(t, c) }))}
            value={g.component}
            onChange={(v) => v && onGoal({ component: v })}
            allowDeselect={false}
            error={err(`${p}.component`)}
          />
          <Select
            label={t('plans.goal.horizon')}
            data={goalHorizons.map((h) => ({ value: h, label: horizonLabel(t, h) }))}
            value={g.horizon}
            onChange={(v) => v && onGoal({ horizon: v })}
            allowDeselect={false}
          />
          <Select
            label={t('plans.goal.priority')}
            data={goalPriorities.map((x) => ({ value: x, label: priorityLabel(t, x) }))}
            value={g.priority ?? 'medium'}
            onChange={(v) => v && onGoal({ priority: v })}
            allowDeselect={false}
          />
        </SimpleGrid>
        {g.horizon === 'date' ? (
          <TextInput
            type="date"
            label={t('plans.goal.targetDate')}
            required
            value={g.targetDate ?? ''}
            onChange={(e) => onGoal({ targetDate: e.currentTarget.value || null })}
            error={err(`${p}.targetDate`)}
            w={220}
          />
        ) : null}
        <MultiSelect
          label={t('plans.goal.needs')}
          data={needOptions}
          value={g.needCodes ?? []}
          onChange={(v) => onGoal({ needCodes: v })}
          error={err(`${p}.needCodes`) ?? err(`${p}.needCodes.0`)}
          searchable
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('plans.goal.indicator')}
            value={g.indicator ?? ''}
            onChange={(e) => onGoal({ indicator: e.currentTarget.value || null })}
            error={err(`${p}.indicator`)}
          />
          <TextInput
            label={t('plans.goal.target')}
            value={g.target ?? ''}
            onChange={(e) => onGoal({ target: e.currentTarget.value || null })}
            error={err(`${p}.target`)}
          />
        </SimpleGrid>

        {g.actions.map((a, j) => (
          <ActionEditor
            key={j}
            action={a}
            goal={n}
            index={j}
            path={`${p}.actions.${j}`}
            budgetStart={budgetStart}
            owners={owners}
            err={err}
            onChange={(patch) => onAction(j, patch)}
            onRemove={() => onRemoveAction(j)}
          />
        ))}
        <Group>
          <Button variant="subtle" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAddAction}>
            {t('plans.editor.addAction', { n })}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** An action as typed, as the shared budget functions read it. */
function costLineOf(a: ActionInput): CostLine {
  return {
    unitCostCents: a.unitCostCents ?? 0,
    quantity: a.quantity ?? 1,
    period: a.period ?? 'month',
    fundingSource: a.fundingSource ?? null,
    startDate: a.startDate || null,
    endDate: a.endDate || null,
    status: a.status ?? 'planned',
  };
}

function ActionEditor({
  action: a,
  goal,
  index: j,
  path,
  budgetStart,
  owners,
  err,
  onChange,
  onRemove,
}: {
  action: ActionInput;
  goal: number;
  index: number;
  path: string;
  budgetStart: string;
  owners: GoalEditorProps['owners'];
  err: GoalEditorProps['err'];
  onChange: (patch: Partial<ActionInput>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const cost = actionCost(costLineOf(a), budgetStart);
  const ownerValue = a.owner ? (a.owner.kind === 'user' ? `user:${a.owner.userId}` : `contact:${a.owner.careTeamMemberId}`) : null;
  const label = t('plans.editor.actionN', { goal, n: j + 1 });
  const prescribed = prescribedActionTypes.includes(a.type);
  return (
    <Fieldset legend={label} variant="filled">
      <Stack gap="xs">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={t('plans.action.description')}
            required
            value={a.description}
            onChange={(e) => onChange({ description: e.currentTarget.value })}
            error={err(`${path}.description`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            onClick={onRemove}
            aria-label={t('plans.editor.removeAction', { label })}
            mb={2}
          >
            <IconTrash size={18} aria-hidden />
          </ActionIcon>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Select
            label={t('plans.action.type')}
            data={actionTypes.map((x) => ({ value: x, label: actionTypeLabel(t, x) }))}
            value={a.type}
            onChange={(v) => v && onChange({ type: v })}
            allowDeselect={false}
          />
          <Select
            label={t('plans.action.owner')}
            placeholder={t('plans.action.noOwner')}
            data={owners}
            value={ownerValue}
            onChange={(v) => {
              if (!v) return onChange({ owner: null });
              const [kind, id] = v.split(':') as ['user' | 'contact', string];
              onChange({ owner: kind === 'user' ? { kind, userId: id } : { kind, careTeamMemberId: id } });
            }}
            clearable
            searchable
            error={err(`${path}.owner`)}
          />
        </SimpleGrid>
        {prescribed ? (
          <TextInput
            label={t('plans.action.prescriber')}
            required
            value={a.prescriber ?? ''}
            onChange={(e) => onChange({ prescriber: e.currentTarget.value || null })}
            error={err(`${path}.prescriber`)}
          />
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput
            label={t('plans.action.frequency')}
            value={a.frequency ?? ''}
            onChange={(e) => onChange({ frequency: e.currentTarget.value || null })}
          />
          <TextInput
            type="date"
            label={t('plans.action.start')}
            value={a.startDate ?? ''}
            onChange={(e) => onChange({ startDate: e.currentTarget.value || null })}
            error={err(`${path}.startDate`)}
          />
          <TextInput
            type="date"
            label={t('plans.action.end')}
            value={a.endDate ?? ''}
            onChange={(e) => onChange({ endDate: e.currentTarget.value || null })}
            error={err(`${path}.endDate`)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <NumberInput
            label={t('plans.action.unitCost')}
            decimalScale={2}
            min={0}
            suffix=" €"
            decimalSeparator=","
            thousandSeparator=" "
            value={(a.unitCostCents ?? 0) / 100}
            onChange={(v) => onChange({ unitCostCents: toCents(v) })}
            error={err(`${path}.unitCostCents`)}
          />
          <NumberInput
            label={t('plans.action.quantity')}
            decimalScale={2}
            min={0}
            decimalSeparator=","
            value={a.quantity ?? 1}
            onChange={(v) => onChange({ quantity: typeof v === 'number' ? v : 0 })}
            error={err(`${path}.quantity`)}
          />
          <Select
            label={t('plans.action.period')}
            data={costPeriods.map((x) => ({ value: x, label: periodLabel(t, x) }))}
            value={a.period ?? 'month'}
            onChange={(v) => v && onChange({ period: v })}
            allowDeselect={false}
          />
          <Select
            label={t('plans.action.funding')}
            data={fundingSources.map((x) => ({ value: x, label: sourceLabel(t, x) }))}
            value={a.fundingSource ?? null}
            onChange={(v) => onChange({ fundingSource: v ?? null })}
            clearable
            error={err(`${path}.fundingSource`)}
          />
        </SimpleGrid>
        <Text size="sm" fw={600} aria-live="polite">
          {cost.periodCents
            ? t('plans.editor.actionCost', {
                amount: euros(cost.periodCents),
                period: periodLabel(t, a.period ?? 'month'),
                total: euros(cost.budgetCents),
              })
            : t('plans.editor.noCost')}
        </Text>
      </Stack>
    </Fieldset>
  );
}
