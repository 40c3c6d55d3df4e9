import { TypeOrmModule } from '@nestjs/typeorm';
import { Unit } from './unit.entity';
import { Module } from '@nestjs/common';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

@Module({ imports: [TypeOrmModule.forFeature([Unit])], controllers: [UnitsController], providers: [UnitsService], exports: [UnitsService] })
export class UnitsModule {}
