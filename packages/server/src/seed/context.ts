import { rolePermissions, type Role } from '@maillon/shared/identity';
import { setTxContext, type Tx } from '../db/tx.ts';
import { writeAudit } from '../modules/audit/service.ts';
import type { Ctx } from '../plugins/context.ts';
import type { AppDeps } from '../plugins/deps.ts';

/**
 * A service context for the seed: the seeding transaction acting as one demo user, so that demo
 * records are written through the modules' services (same checks, same audit rows) as in use.
 * Sets the transaction's tenant and user for what follows.
 */
export async function seedCtx(
  tx: Tx,
  deps: AppDeps,
  who: { tenantId: string; userId: string; role: Role; profession: string | null; email: string },
): Promise<Ctx> {
  await setTxContext(tx, { tenantId: who.tenantId, userId: who.userId });
  const actor: Ctx['actor'] = {
    tenantId: who.tenantId,
    userId: who.userId,
    role: who.role,
    profession: who.profession,
    requestId: null,
    ip: null,
    email: who.email,
    serviceId: null,
    permissions: new Set(rolePermissions[who.role]),
  };
  return { tx, actor, deps, refusals: [], audit: (e) => writeAudit(tx, actor, e) };
}
