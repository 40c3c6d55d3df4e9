import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { AccountController } from './account.controller';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [UnitsModule], controllers: [UsersController, AccountController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
