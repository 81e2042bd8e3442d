import type { JournalEntry } from '@maillon/shared/coordination';
import { Badge, Button, Card, Group, List, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconEyeCheck, IconHistory, IconPaperclip, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { useMe } from '../identity/public';
import { notify } from '../../ui/notify';
import { acknowledgeEntry, journalKeys } from './api';
import { CorrectModal, EnteredInErrorModal, HistoryModal } from './EntryModals';
import { authorTitle, categoryColor, categoryLabel, kindLabel, notifyJournalError } from './labels';
import { formatParisDateTime } from './paris';

export interface EntryCardProps {
  entry: JournalEntry;
  /** Shows the person's name as a link to their journal (service journal, handover). */
  showPerson?: boolean;
  /** Shows who has and has not acknowledged (the author, a coordinator). */
  showReaders?: boolean;
  /** The person's categories the caller may write (for a correction); none: correction offered only when allowed. */
  writableCategories?: readonly JournalEntry['category'][] | undefined;
  /** Heading level of the entry's title inside its list. */
  headingOrder?: 3 | 4;
}

/** One entry of a timeline: what happened, when (Paris time), who wrote it, how to act on it. */
export function EntryCard({ entry, showPerson = false, showReaders = false, writableCategories, headingOrder = 3 }: EntryCardProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [modal, setModal] = useState<'correct' | 'error' | 'history' | null>(null);
  const acknowledge = useMutation({
    mutationFn: () => acknowledgeEntry(entry.id),
    onSuccess: () => notify({ message: t('journal.entry.acknowledged') }),
    onError: (error) => notifyJournalError(t, error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: journalKeys.all }),
  });

  const me = useMe().data;
  // Who has and has not read it: for its author and for a coordinator (the one who follows up).
  const readers = showReaders || me?.user.id === entry.author.id;
  const title = authorTitle(t, entry.author);
  const inError = entry.status === 'entered_in_error';
  const ack = entry.acknowledgement;
  const heading = `${kindLabel(t, entry.kind)}${entry.target ? ` — ${entry.target.cible}` : ''}`;
  const Heading = headingOrder === 3 ? 'h3' : 'h4';

  if (inError) {
    return (
      <Card
        component="article"
        withBorder
        padding="sm"
        bg="gray.0"
        aria-label={t('journal.entry.inErrorLabel', { kind: kindLabel(t, entry.kind) })}
      >
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('journal.entry.inErrorLine', {
              kind: kindLabel(t, entry.kind),
              date: formatParisDateTime(entry.factAt),
              author: entry.author.displayName,
            })}
          </Text>
          <Button size="xs" variant="subtle" leftSection={<IconHistory size={14} aria-hidden />} onClick={() => setModal('history')}>
            {t('journal.entry.history')}
          </Button>
        </Group>
        <HistoryModal entry={entry} opened={modal === 'history'} onClose={() => setModal(null)} />
      </Card>
    );
  }

  return (
    <Card
      component="article"
      withBorder
      padding="md"
      aria-labelledby={`entry-${entry.id}`}
      style={entry.urgent ? { borderLeft: '4px solid var(--mantine-color-red-7)' } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
            <Heading id={`entry-${entry.id}`} style={{ margin: 0, fontSize: 'var(--mantine-font-size-md)' }}>
              {heading}
              {showPerson ? (
                <>
                  {' · '}
                  <AnchorLink to="/people/$personId" params={{ personId: entry.person.id }} search={{ tab: 'journal' }}>
                    {entry.person.displayName}
                  </AnchorLink>
                </>
              ) : null}
            </Heading>
            <Text size="sm" c="dimmed">
              <time dateTime={entry.factAt}>{formatParisDateTime(entry.factAt)}</time>
              {' · '}
              {entry.author.displayName}
              {title ? `, ${title}` : ''}
            </Text>
          </Stack>
          <Group gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('journal.entry.tags')}>
            {entry.urgent ? (
              <Badge component="li" color="red" variant="filled" tt="none" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
                {t('journal.entry.urgent')}
              </Badge>
            ) : null}
            <Badge component="li" color={categoryColor[entry.category]} variant="light" tt="none">
              {categoryLabel(t, entry.category)}
            </Badge>
            {ack ? (
              <Badge component="li" color={ack.pending > 0 ? 'orange' : 'teal'} variant="light" tt="none">
                {ack.pending > 0 ? t('journal.entry.toAcknowledge') : t('journal.entry.allAcknowledged')}
              </Badge>
            ) : null}
          </Group>
        </Group>

        {entry.target ? <TargetView target={entry.target} /> : null}
        {entry.text ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {entry.text}
          </Text>
        ) : null}

        <EntryLinks entry={entry} />

        {entry.attachments.length > 0 ? (
          <Group gap="xs">
            <IconPaperclip size={16} aria-hidden />
            <Text size="sm">
              <VisuallyHidden>{t('journal.entry.attachments')} </VisuallyHidden>
              {entry.attachments.map((a) => a.title).join(', ')}
            </Text>
          </Group>
        ) : null}

        {entry.version > 1 ? (
          <Text size="xs" c="dimmed">
            {t('journal.entry.corrected', { date: formatParisDateTime(entry.updatedAt), version: entry.version })}
          </Text>
        ) : null}

        {ack ? <Acknowledgement entry={entry} showReaders={readers} /> : null}

        <Group gap="xs" wrap="wrap">
          {entry.can.acknowledge ? (
            <Button
              size="xs"
              leftSection={<IconEyeCheck size={14} aria-hidden />}
              loading={acknowledge.isPending}
              onClick={() => acknowledge.mutate()}
            >
              {t('journal.entry.acknowledge')}
            </Button>
          ) : null}
          {entry.can.correct ? (
            <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setModal('correct')}>
              {t('journal.entry.correct')}
            </Button>
          ) : null}
          {entry.can.enterInError ? (
            <Button
              size="xs"
              variant="default"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={() => setModal('error')}
            >
              {t('journal.entry.enterInError')}
            </Button>
          ) : null}
          <Button size="xs" variant="subtle" leftSection={<IconHistory size={14} aria-hidden />} onClick={() => setModal('history')}>
            {t('journal.entry.history')}
          </Button>
        </Group>
      </Stack>
      {modal === 'correct' ? <CorrectModal entry={entry} writableCategories={writableCategories} onClose={() => setModal(null)} /> : null}
      <EnteredInErrorModal entry={entry} opened={modal === 'error'} onClose={() => setModal(null)} />
      <HistoryModal entry={entry} opened={modal === 'history'} onClose={() => setModal(null)} />
    </Card>
  );
}

/** Cible + Données / Actions / Résultats, the French nursing format, shown as such. */
export function TargetView({ target }: { target: NonNullable<JournalEntry['target']> }) {
  const { t } = useTranslation();
  const rows: [string, string | null][] = [
    [t('journal.target.data'), target.data],
    [t('journal.target.actions'), target.actions],
    [t('journal.target.results'), target.results],
  ];
  return (
    <Stack gap={4}>
      <Text size="sm">
        <Text span fw={700}>
          {t('journal.target.cible')} :{' '}
        </Text>
        {target.cible}
      </Text>
      <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'minmax(6rem, max-content) 1fr', columnGap: '0.75rem', rowGap: 4 }}>
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Dlr key={label} label={label}>
              {value}
            </Dlr>
          ))}
      </dl>
    </Stack>
  );
}

function Dlr({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </>
  );
}

function EntryLinks({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  const { goalId, actionId, assessmentId, referralId } = entry.links;
  if (!goalId && !actionId && !assessmentId && !referralId) return null;
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={600}>
        {t('journal.links.title')}
      </Text>
      {goalId || actionId ? (
        <AnchorLink size="sm" to="/people/$personId" params={{ personId: entry.person.id }} search={{ tab: 'plans' }}>
          {actionId ? t('journal.links.action') : t('journal.links.goal')}
        </AnchorLink>
      ) : null}
      {assessmentId ? (
        <AnchorLink size="sm" to="/assessments/$assessmentId" params={{ assessmentId }}>
          {t('journal.links.assessment')}
        </AnchorLink>
      ) : null}
      {referralId ? (
        <AnchorLink size="sm" to="/admissions/referrals/$referralId" params={{ referralId }}>
          {t('journal.links.referral')}
        </AnchorLink>
      ) : null}
    </Group>
  );
}

function Acknowledgement({ entry, showReaders }: { entry: JournalEntry; showReaders: boolean }) {
  const { t } = useTranslation();
  const ack = entry.acknowledgement!;
  const done = ack.recipients.filter((r) => r.acknowledgedAt);
  const waiting = ack.recipients.filter((r) => !r.acknowledgedAt);
  const mine = ack.mine === 'done' ? t('journal.ack.mineDone') : ack.mine === 'pending' ? t('journal.ack.minePending') : null;
  return (
    <Stack gap={4}>
      <Text size="sm">
        {t('journal.ack.summary', { done: done.length, total: ack.recipients.length })}
        {mine ? ` ${mine}` : ''}
      </Text>
      {showReaders ? (
        <Group gap="lg" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              {t('journal.ack.read')}
            </Text>
            {done.length ? (
              <List size="sm" spacing={2} icon={<IconCheck size={14} aria-hidden />} aria-label={t('journal.ack.read')}>
                {done.map((r) => (
                  <List.Item key={r.userId}>
                    {t('journal.ack.readBy', { name: r.displayName, date: formatParisDateTime(r.acknowledgedAt!) })}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm" c="dimmed">
                {t('journal.ack.nobody')}
              </Text>
            )}
          </Stack>
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              {t('journal.ack.notRead')}
            </Text>
            {waiting.length ? (
              <List size="sm" spacing={2} aria-label={t('journal.ack.notRead')}>
                {waiting.map((r) => (
                  <List.Item key={r.userId}>{r.displayName}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm" c="dimmed">
                {t('journal.ack.everyone')}
              </Text>
            )}
          </Stack>
        </Group>
      ) : null}
    </Stack>
  );
}
