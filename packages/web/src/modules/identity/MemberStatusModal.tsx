import { Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notify, notifyError } from '../../ui/notify';
import { isStepUpCancelled, useStepUp } from '../../ui/StepUp';
import { etagOf, identityKeys, isPreconditionFailed, setMemberStatus, useMe, type Member } from './api';

/** Deactivation is costly (the person is locked out at once): a confirmation names them and says what happens. */
export function MemberStatusModal({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organisation = useMe().data?.organisation?.name ?? '';
  const deactivating = member?.status === 'active';
  const stepUp = useStepUp();
  const mutation = useMutation({
    // If-Match carries the version shown in the list: a change made since then is never overridden blindly.
    // A change of rights: the server asks for a recent authentication (SEC-SESS-06).
    mutationFn: (m: Member) =>
      stepUp(() => setMemberStatus(m.membershipId, etagOf(m.version), m.status === 'active' ? 'deactivate' : 'reactivate')),
    onSuccess: (updated) => {
      notify({
        message:
          updated.status === 'deactivated'
            ? t('users.statusChange.deactivated', { name: updated.displayName })
            : t('users.statusChange.reactivated', { name: updated.displayName }),
      });
      onClose();
    },
    onError: (error) => {
      if (isStepUpCancelled(error)) return;
      if (isPreconditionFailed(error)) {
        notify({ color: 'orange', title: t('conflict.title'), message: t('conflict.listReloaded') });
        onClose();
      } else notifyError(error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: identityKeys.members }),
  });

  return (
    <ConfirmModal
      opened={member !== null}
      onClose={onClose}
      onConfirm={() => member && mutation.mutate(member)}
      title={
        member
          ? deactivating
            ? t('users.statusChange.deactivateTitle', { name: member.displayName })
            : t('users.statusChange.reactivateTitle', { name: member.displayName })
          : ''
      }
      confirmLabel={deactivating ? t('users.deactivate') : t('users.reactivate')}
      danger={deactivating}
      loading={mutation.isPending}
    >
      {member ? (
        <Text>
          {deactivating
            ? t('users.statusChange.deactivateConsequence', { name: member.displayName, organisation })
            : t('users.statusChange.reactivateConsequence', { name: member.displayName, organisation })}
        </Text>
      ) : null}
    </ConfirmModal>
  );
}
