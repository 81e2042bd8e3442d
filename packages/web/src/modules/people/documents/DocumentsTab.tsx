import { documentArchiveSchema, documentCategoryOf, documentMediaTypes, documentTypes } from '@maillon/shared/documents';
import {
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArchive, IconDownload, IconFileUpload, IconFiles, IconPaperclip } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isApiError } from '../../../ui/api';
import { CellBadge, TableScroll } from '../../../ui/DataTable';
import { saveBlob } from '../../../ui/download';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { formatBytes, formatDateTime, formatDay } from '../../../ui/format';
import { useZodForm } from '../../../ui/form';
import { useIdempotencyKey } from '../../../ui/idempotency';
import { LoadingState } from '../../../ui/LoadingState';
import { notify, notifyError } from '../../../ui/notify';
import { applyLocalisedServerErrors } from '../../../ui/serverErrors';
import type { Person } from '../api';
import { documentTypeLabel, isOneOf } from '../labels';
import {
  archiveDocument,
  checklistQueryOptions,
  documentKeys,
  documentsInfiniteQueryOptions,
  downloadDocument,
  uploadDocument,
  type DocumentType,
  type PersonChecklistItem,
  type PersonDocument,
} from './api';

const ACCEPT = [
  ...Object.keys(documentMediaTypes),
  ...Object.values(documentMediaTypes)
    .flat()
    .map((ext) => `.${ext}`),
].join(',');
const STATUS_COLOR = { present: 'teal', missing: 'orange', expired: 'red' } as const;

/** Documents: the required-documents checklist, the documents themselves (download, archive) and the upload. */
export function DocumentsTab({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState<DocumentType | 'any' | null>(null);
  const writable = person.access.can.update;
  const categories = new Set<string>(person.access.categories);
  const uploadTypes = documentTypes.filter((type) => categories.has(documentCategoryOf[type]));

  return (
    <Stack gap="lg">
      <ChecklistCard personId={person.id} canUpload={writable} onUpload={(type) => setUploading(type)} uploadTypes={uploadTypes} />
      <DocumentsCard personId={person.id} canUpload={writable && uploadTypes.length > 0} onUpload={() => setUploading('any')} />
      <Modal
        opened={uploading !== null}
        onClose={() => setUploading(null)}
        title={t('people.documents.upload.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('state.close') }}
      >
        {uploading !== null ? (
          <UploadForm
            personId={person.id}
            types={uploadTypes}
            initialType={uploading === 'any' ? null : uploading}
            onDone={() => setUploading(null)}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

function ChecklistCard({
  personId,
  canUpload,
  uploadTypes,
  onUpload,
}: {
  personId: string;
  canUpload: boolean;
  uploadTypes: readonly DocumentType[];
  onUpload: (type: DocumentType) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const checklist = useQuery(checklistQueryOptions(personId));
  const items = checklist.data ?? [];
  const complete = items.length > 0 && items.every((item) => item.status === 'present');

  let content;
  if (checklist.isPending) content = <LoadingState label={t('people.documents.checklist.loading')} />;
  else if (checklist.isError) content = <DocumentsError error={checklist.error} onRetry={() => void checklist.refetch()} />;
  else if (items.length === 0) content = <Text c="dimmed">{t('people.documents.checklist.none')}</Text>;
  else
    content = (
      <Stack gap="sm">
        <Text size="sm" fw={500} role="status">
          {complete
            ? t('people.documents.checklist.complete')
            : t('people.documents.checklist.incomplete', { count: items.filter((i) => i.status !== 'present').length })}
        </Text>
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
          {items.map((item) => (
            <ChecklistRow
              key={item.type}
              item={item}
              canUpload={canUpload && uploadTypes.includes(item.type)}
              onUpload={() => onUpload(item.type)}
            />
          ))}
        </Stack>
      </Stack>
    );

  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Title order={2} size="h3" id={headingId} mb="md">
        {t('people.documents.checklist.title')}
      </Title>
      {content}
    </Card>
  );
}

function ChecklistRow({ item, canUpload, onUpload }: { item: PersonChecklistItem; canUpload: boolean; onUpload: () => void }) {
  const { t } = useTranslation();
  const label = documentTypeLabel(t, item.type);
  return (
    <Group
      component="li"
      justify="space-between"
      gap="sm"
      wrap="wrap"
      py={4}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Stack gap={0} style={{ flex: '1 1 16rem' }}>
        <Group gap="xs">
          <Text fw={500}>{label}</Text>
          <CellBadge color={STATUS_COLOR[item.status]} variant="light">
            {t(`people.documents.checklist.status.${item.status}`)}
          </CellBadge>
          {item.requiredBy === 'service' ? (
            <Text size="xs" c="dimmed">
              {t('people.documents.checklist.byService')}
            </Text>
          ) : null}
        </Group>
        {item.document ? (
          <Text size="xs" c="dimmed">
            {item.document.title}
            {item.document.validUntil ? ` · ${t('people.documents.validUntil', { date: formatDay(item.document.validUntil) })}` : ''}
          </Text>
        ) : null}
      </Stack>
      {canUpload && item.status !== 'present' ? (
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPaperclip size={14} aria-hidden />}
          onClick={onUpload}
          aria-label={t('people.documents.checklist.addFor', { type: label })}
        >
          {t('people.documents.checklist.add')}
        </Button>
      ) : null}
    </Group>
  );
}

/** The documents API may not be installed on this server yet (404 route_not_found): say so plainly. */
function DocumentsError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error) && error.code === 'route_not_found')
    return (
      <EmptyState
        icon={<IconFiles aria-hidden />}
        title={t('people.documents.unavailable')}
        description={t('people.documents.unavailableHelp')}
      />
    );
  return <ErrorState error={error} onRetry={onRetry} />;
}

function DocumentsCard({ personId, canUpload, onUpload }: { personId: string; canUpload: boolean; onUpload: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [archiving, setArchiving] = useState<PersonDocument | null>(null);
  const documents = useInfiniteQuery({ ...documentsInfiniteQueryOptions(personId, includeArchived), placeholderData: keepPreviousData });
  const items = documents.data?.pages.flatMap((page) => page.items) ?? [];
  const download = useMutation({
    mutationFn: (document: PersonDocument) => downloadDocument(personId, document.id),
    onSuccess: ({ blob, filename }, document) => saveBlob(blob, filename ?? document.fileName),
    onError: (error) => notifyError(error),
  });

  let content;
  if (documents.isPending) content = <LoadingState label={t('people.documents.loading')} />;
  else if (documents.isError && items.length === 0)
    content = <DocumentsError error={documents.error} onRetry={() => void documents.refetch()} />;
  else if (items.length === 0)
    content = (
      <EmptyState icon={<IconFiles aria-hidden />} title={t('people.documents.empty')} description={t('people.documents.emptyHelp')} />
    );
  else
    content = (
      <Stack gap="md">
        <TableScroll label={t('people.documents.caption')} minWidth={820}>
          <Table verticalSpacing="sm" aria-busy={documents.isFetching}>
            <Table.Caption>{t('people.documents.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('people.documents.columns.document')}</Table.Th>
                <Table.Th scope="col">{t('people.documents.columns.validUntil')}</Table.Th>
                <Table.Th scope="col">{t('people.documents.columns.added')}</Table.Th>
                <Table.Th scope="col">{t('state.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {document.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {documentTypeLabel(t, document.type)} · {document.fileName} · {formatBytes(document.size)}
                    </Text>
                    {document.archivedAt ? (
                      <Text size="xs" c="dimmed">
                        {t('people.documents.archivedOn', {
                          date: formatDateTime(document.archivedAt, false),
                          reason: document.archiveReason ?? '',
                        })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Text size="sm">{document.validUntil ? formatDay(document.validUntil) : t('people.documents.noExpiry')}</Text>
                      {document.expired ? (
                        <CellBadge color="red" variant="light">
                          {t('people.documents.expired')}
                        </CellBadge>
                      ) : null}
                      {document.archivedAt ? (
                        <CellBadge color="gray" variant="light">
                          {t('people.documents.archived')}
                        </CellBadge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(document.createdAt, false)}</Text>
                    <Text size="xs" c="dimmed">
                      {document.uploadedBy.displayName ?? t('people.documents.unknownUploader')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {document.can.download ? (
                        <Button
                          size="xs"
                          variant="default"
                          leftSection={<IconDownload size={14} aria-hidden />}
                          onClick={() => download.mutate(document)}
                          loading={download.isPending && download.variables.id === document.id}
                          aria-label={t('people.documents.downloadFor', { title: document.title })}
                        >
                          {t('people.documents.download')}
                        </Button>
                      ) : null}
                      {document.can.archive ? (
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          leftSection={<IconArchive size={14} aria-hidden />}
                          onClick={() => setArchiving(document)}
                          aria-label={t('people.documents.archiveFor', { title: document.title })}
                        >
                          {t('people.documents.archive')}
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {documents.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void documents.fetchNextPage()} loading={documents.isFetchingNextPage}>
              {t('state.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );

  return (
    <Card component="section" aria-labelledby={headingId} withBorder padding="lg">
      <Group justify="space-between" mb="md" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('people.documents.title')}
        </Title>
        <Group gap="md">
          <Switch
            label={t('people.documents.showArchived')}
            checked={includeArchived}
            onChange={(event) => setIncludeArchived(event.currentTarget.checked)}
          />
          {canUpload ? (
            <Button leftSection={<IconFileUpload size={16} aria-hidden />} onClick={onUpload}>
              {t('people.documents.upload.open')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {content}
      <ArchiveDocumentModal personId={personId} document={archiving} onClose={() => setArchiving(null)} />
    </Card>
  );
}

function ArchiveDocumentModal({ personId, document, onClose }: { personId: string; document: PersonDocument | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm({ initialValues: { reason: '' }, schema: documentArchiveSchema });
  const mutation = useMutation({
    mutationFn: ({ d, reason }: { d: PersonDocument; reason: string }) => archiveDocument(personId, d, reason),
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit(async ({ reason }) => {
    if (!document) return;
    try {
      await mutation.mutateAsync({ d: document, reason });
      notify({ message: t('people.documents.archivedDone', { title: document.title }) });
      close();
    } catch (error) {
      if (isApiError(error) && error.status === 412) {
        notify({ color: 'orange', title: t('conflict.title'), message: t('conflict.listReloaded') });
        close();
      } else if (!applyLocalisedServerErrors(form, error, { fields: ['reason'] })) notifyError(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: documentKeys.all(personId) });
    }
  });
  return (
    <Modal
      opened={document !== null}
      onClose={close}
      title={document ? t('people.documents.archiveTitle', { title: document.title }) : ''}
      centered
      closeButtonProps={{ 'aria-label': t('state.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('people.documents.archiveConsequence')}</Text>
          <Textarea
            label={t('people.documents.archiveReason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              {t('state.cancel')}
            </Button>
            <Button type="submit" color="red" loading={mutation.isPending}>
              {t('people.documents.archive')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const uploadSchema = z.object({
  type: z.enum(documentTypes),
  title: z.string().trim().max(200),
  validUntil: z.union([z.literal(''), z.iso.date()]),
  file: z.instanceof(File, { message: 'Required' }),
});

const FILE_CODES = ['too_large', 'file_type_not_allowed', 'empty', 'required'] as const;

function UploadForm({
  personId,
  types,
  initialType,
  onDone,
}: {
  personId: string;
  types: readonly DocumentType[];
  initialType: DocumentType | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const form = useZodForm({
    initialValues: { type: initialType, title: '', validUntil: '', file: null as File | null },
    schema: uploadSchema,
    messages: { file: t('people.documents.upload.fileRequired') },
  });
  const mutation = useMutation({
    mutationFn: (upload: z.output<typeof uploadSchema>) =>
      uploadDocument(
        personId,
        upload,
        // The file itself is not serialisable: its name, size and date stand for it in the key.
        idempotency.keyFor({ ...upload, file: [upload.file.name, upload.file.size, upload.file.lastModified] }),
      ),
  });

  const submit = form.onSubmit(async (upload) => {
    try {
      const created = await mutation.mutateAsync(upload);
      idempotency.reset();
      notify({ message: t('people.documents.upload.done', { title: created.title }) });
      onDone();
    } catch (error) {
      const fileMessages = Object.fromEntries(FILE_CODES.map((code) => [code, t(`people.documents.upload.errors.${code}`)]));
      if (isApiError(error) && (error.status === 413 || error.status === 415) && error.fieldErrors.length === 0)
        form.setErrors({
          file: t(
            error.status === 413 ? 'people.documents.upload.errors.too_large' : 'people.documents.upload.errors.file_type_not_allowed',
          ),
        });
      else if (!applyLocalisedServerErrors(form, error, { byCode: fileMessages, fields: ['type', 'title', 'validUntil', 'file'] }))
        notifyError(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: documentKeys.all(personId) });
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FileInput
          label={t('people.documents.upload.file')}
          description={t('people.documents.upload.fileHelp')}
          accept={ACCEPT}
          required
          clearable
          clearButtonProps={{ 'aria-label': t('state.clear') }}
          leftSection={<IconPaperclip size={16} aria-hidden />}
          {...form.getInputProps('file')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('people.documents.upload.type')}
            required
            data={types.map((value) => ({ value, label: documentTypeLabel(t, value) }))}
            comboboxProps={{ withinPortal: false }}
            searchable
            {...form.getInputProps('type')}
            onChange={(value) => form.setFieldValue('type', isOneOf(documentTypes, value) ? value : null)}
          />
          <TextInput
            label={t('people.documents.upload.titleField')}
            description={t('people.documents.upload.titleHelp')}
            maxLength={200}
            {...form.getInputProps('title')}
          />
          <TextInput
            type="date"
            label={t('people.documents.upload.validUntil')}
            description={t('people.documents.upload.validUntilHelp')}
            {...form.getInputProps('validUntil')}
          />
        </SimpleGrid>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('state.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} leftSection={<IconFileUpload size={16} aria-hidden />}>
            {t('people.documents.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
