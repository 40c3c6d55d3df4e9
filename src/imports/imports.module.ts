import { TypeOrmModule } from '@nestjs/typeorm';
import { ImportPreview } from './import-preview.entity';
import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { UploadInterceptor } from '../common/upload.interceptor';

@Module({
  imports: [TypeOrmModule.forFeature([ImportPreview]), ProgramsModule, TasksModule, UnitsModule],
  controllers: [ImportsController],
  providers: [ImportsService, UploadInterceptor],
  exports: [ImportsService],
})
export class ImportsModule {}
