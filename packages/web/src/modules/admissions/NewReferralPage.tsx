import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../../ui/idempotency';
import { notify } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { admissionKeys, createReferral, type ReferralCreate } from './api';
import { ReferralForm } from './ReferralForm';

/** `/admissions/new`: a request received by phone, e-mail or letter, recorded by the service. */
export function NewReferralPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  const m = useMutation({ mutationFn: (body: ReferralCreate) => createReferral(body, key.keyFor(body)) });
  return (
    <>
      <PageHeader title={t('admissions.new.title')} description={t('admissions.new.description')} />
      <ReferralForm
        mode="intake"
        busy={m.isPending}
        onCancel={() => void navigate({ to: '/admissions' })}
        onSubmit={async (body) => {
          const r = await m.mutateAsync(body);
          key.reset();
          void queryClient.invalidateQueries({ queryKey: admissionKeys.all });
          notify({ message: t('admissions.new.created', { reference: r.reference }) });
          await navigate({ to: '/admissions/referrals/$referralId', params: { referralId: r.id } });
        }}
      />
    </>
  );
}
