import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/errors';
import { Db } from '../database/db.service';
import { Committee } from './committee.entity';
import { CommitteeNode, CommitteesRepository } from './committees.repository';
import { CreateCommitteeDto, UpdateCommitteeDto } from './dto/committee.dto';
import { ProvisioningService } from './provisioning.service';

export interface CommitteeView {
  id: number;
  name: string;
  parentId: number | null;
}

const view = (c: Pick<Committee, 'id' | 'name' | 'parentId'>): CommitteeView => ({ id: c.id, name: c.name, parentId: c.parentId });

/** The committee tree as callers see it: a super-admin every committee, anyone else their own subtree. */
@Injectable()
export class CommitteesService {
  readonly tree: CommitteesRepository;

  constructor(
    private readonly db: Db,
    private readonly provisioning: ProvisioningService,
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

  private requireSuperAdmin(p: Principal): void {
    if (!p.superAdmin) throw new DomainError('Chỉ quản trị viên cấp cao nhất (tạo khi cài đặt) được tạo hoặc sửa đảng bộ', 403);
  }
}
