import { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AllExceptionsFilter } from './common/errors';
import { buildValidationPipe } from './common/validation';
import { assetsDir } from './web/views';

/** Everything main.ts and the e2e tests both need, so tests run the app as it ships. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '1mb' });
  // The pages' forms post urlencoded bodies.
  express.useBodyParser('urlencoded', { extended: false, limit: '200kb' });
  express.use(cookieParser());
  express.useStaticAssets(assetsDir(), { prefix: '/assets/', maxAge: '1h', index: false });
  app.useGlobalPipes(buildValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  const doc = new DocumentBuilder()
    .setTitle('dondoc API')
    .setDescription('Theo dõi, đôn đốc thực hiện chương trình hành động, kế hoạch của Đảng ủy phường')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
}
