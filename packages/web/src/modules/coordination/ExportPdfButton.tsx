import type { InfoCategory } from '@maillon/shared/people';
import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../ui/download';
import { notify } from '../../ui/notify';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { downloadJournalPdf } from './api';
import { categoryLabel, notifyJournalError } from './labels';
import { parisDay } from './paris';

const daysAgo = (n: number) => parisDay(new Date(Date.now() - n * 86_400_000));

/** "PDF du journal": a period and the categories to print (among those the caller reads), after a fresh authentication. */
export function ExportPdfButton({ personId, categories }: { personId: string; categories: readonly InfoCategory[] }) {
  const { t } = useTranslation();
  const stepUp = useStepUp();
  const [opened, setOpened] = useState(false);
  const [from, setFrom] = useState(() => daysAgo(7));
  const [to, setTo] = useState(() => daysAgo(0));
  const [chosen, setChosen] = useState<InfoCategory[]>(() => [...categories]);
  const periodInvalid = !from || !to || to < from;

  const download = useMutation({
    mutationFn: () =>
      stepUp(() => downloadJournalPdf(personId, { from, to, categories: chosen.length === categories.length ? undefined : chosen })),
    onSuccess: ({ blob, filename }) => {
      saveBlob(blob, filename ?? `journal-${from}-${to}.pdf`);
      notify({ message: t('journal.pdf.done') });
    },
    onError: (error) => {
      if (!isStepUpCancelled(error)) notifyJournalError(t, error);
    },
  });

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        loading={download.isPending}
        onClick={() => setOpened(true)}
      >
        {t('journal.pdf.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('journal.pdf.title')}
        centered
        closeButtonProps={{ 'aria-label': t('state.close') }}
      >
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            // The dialog closes first: the identity check, when asked, is then the only dialog on screen.
            if (!periodInvalid && chosen.length > 0) {
              setOpened(false);
              download.mutate();
            }
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('journal.pdf.help')}</Text>
            <SimpleGrid cols={2} spacing="sm">
              <TextInput
                type="date"
                label={t('journal.pdf.from')}
                required
                value={from}
                max={to || undefined}
                onChange={(e) => setFrom(e.currentTarget.value)}
                data-autofocus
              />
              <TextInput
                type="date"
                label={t('journal.pdf.to')}
                required
                value={to}
                min={from || undefined}
                onChange={(e) => setTo(e.currentTarget.value)}
                error={periodInvalid ? t('journal.filters.periodInvalid') : undefined}
              />
            </SimpleGrid>
            <Checkbox.Group
              label={t('journal.pdf.categories')}
              value={chosen}
              onChange={(value) => setChosen(value)}
              error={chosen.length === 0 ? t('journal.pdf.noCategory') : undefined}
            >
              <Group gap="md" mt={4}>
                {categories.map((c) => (
                  <Checkbox key={c} value={c} label={categoryLabel(t, c)} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('state.cancel')}
              </Button>
              <Button type="submit" loading={download.isPending} leftSection={<IconDownload size={16} aria-hidden />}>
                {t('journal.pdf.download')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
