import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/errors';
import { Db } from '../database/db.service';
import { Committee } from './committee.entity';
import { CommitteeSettingsService } from './committee-settings.service';
import type { CommitteeSettings, EffectiveSettings } from './settings';
import { CommitteeNode, CommitteesRepository } from './committees.repository';
import { CreateCommitteeDto, UpdateCommitteeDto } from './dto/committee.dto';
import { ProvisioningService } from './provisioning.service';

export interface CommitteeView {
  id: number;
  name: string;
  parentId: number | null;
}

export interface SettingsView {
  committee: CommitteeView;
  /** What the committee set itself (anything else is inherited). */
  own: CommitteeSettings;
  effective: Omit<EffectiveSettings, 'committeeId' | 'source'>;
  /** Who set each value: a committee's id, or null for the installation's configuration. */
  source: EffectiveSettings['source'];
}

const view = (c: Pick<Committee, 'id' | 'name' | 'parentId'>): CommitteeView => ({ id: c.id, name: c.name, parentId: c.parentId });

/** The committee tree as callers see it: a super-admin every committee, anyone else their own subtree. */
@Injectable()
export class CommitteesService {
  readonly tree: CommitteesRepository;

  constructor(
    private readonly db: Db,
    private readonly provisioning: ProvisioningService,
    private readonly settingsService: CommitteeSettingsService,
  ) {
    this.tree = new CommitteesRepository(db);
  }

  async list(p?: Pick<Principal, 'committeeId' | 'superAdmin'>): Promise<CommitteeView[]> {
    if (!p || p.superAdmin) return (await this.db.manager.find(Committee, { order: { id: 'ASC' } })).map(view);
    return (await this.tree.descendants(p.committeeId)).map(view);
  }

  async get(id: number): Promise<Committee> {
    const c = await this.db.manager.findOneBy(Committee, { id });
    if (!c) throw new DomainError(`Không có đảng bộ ${id}`, 404);
    return c;
  }

  descendants(id: number): Promise<CommitteeNode[]> {
    return this.tree.descendants(id);
  }

  async create(p: Principal, dto: CreateCommitteeDto): Promise<CommitteeView> {
    this.requireSuperAdmin(p);
    const admin = dto.adminUsername && dto.adminPassword ? { username: dto.adminUsername, password: dto.adminPassword } : undefined;
    return view(await this.provisioning.create(p, { name: dto.name, parentId: dto.parentId ?? null, admin, demo: dto.demo }));
  }

  async update(p: Principal, id: number, dto: UpdateCommitteeDto): Promise<CommitteeView> {
    this.requireSuperAdmin(p);
    return view(await this.provisioning.update(p, id, dto));
  }

  /** A committee's settings, its own and those it works by (with where each came from). */
  async settings(p: Principal, id: number): Promise<SettingsView> {
    const c = await this.get(id);
    const home = p.homeCommitteeId ?? p.committeeId;
    // Its own users read them; a province reader those below; the super-admin every committee's.
    if (!p.superAdmin && !(await this.tree.isWithin(home, id))) throw new DomainError(`Không có đảng bộ ${id}`, 404);
    if (!p.superAdmin && home !== id && p.role !== 'province') throw new DomainError('Chỉ xem được thiết lập của đảng bộ mình', 403);
    const { committeeId: _, source, ...effective } = await this.settingsService.effective(id);
    return { committee: view(c), own: c.settings ?? {}, effective, source };
  }

  /** The super-admin sets any committee's settings; a committee's admin its own. */
  async updateSettings(p: Principal, id: number, patch: Record<string, unknown>): Promise<SettingsView> {
    await this.get(id);
    const own = !p.homeCommitteeId && p.committeeId === id && p.role === 'admin';
    if (!p.superAdmin && !own) throw new DomainError('Chỉ quản trị viên của đảng bộ (hoặc quản trị viên cấp cao nhất) được sửa thiết lập', 403);
    await this.settingsService.update(p, id, patch);
    return this.settings(p, id);
  }

  private requireSuperAdmin(p: Principal): void {
    if (!p.superAdmin) throw new DomainError('Chỉ quản trị viên cấp cao nhất (tạo khi cài đặt) được tạo hoặc sửa đảng bộ', 403);
  }
}
