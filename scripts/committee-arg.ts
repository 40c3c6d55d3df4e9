/**
 * `--committee ID` of the CLIs: the committee a command works on. Without it, the first
 * committee (created on first start), as before committees could be many.
 */
import type { INestApplicationContext } from '@nestjs/common';

export function committeeArgOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new Error(`--committee needs a committee id (see: npm run --silent committee -- list), got "${value}"`);
  return Number(value);
}

export async function resolveCommittee(app: INestApplicationContext, id: number | undefined): Promise<number> {
  const { ProvisioningService } = await import('../src/committees/provisioning.service');
  const { CommitteesService } = await import('../src/committees/committees.service');
  const seed = await app.get(ProvisioningService).seedIfEmpty();
  if (id === undefined) return seed.committeeId;
  const all = await app.get(CommitteesService).list();
  if (!all.some((c) => c.id === id)) throw new Error(`--committee ${id}: không có đảng bộ này (npm run --silent committee -- list)`);
  return id;
}
