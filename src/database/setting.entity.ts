import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small key/value state the service keeps across restarts (e.g. the generated signing secret). */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key: string;
  @Column({ type: 'text' }) value: string;
}
