import { INestApplication, Logger } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from './config/configuration';
import { AllExceptionsFilter } from './common/errors';
import { apiHeaders, bodyErrorHandler, checkJsonDepth } from './common/http-hardening';
import { CleanInputPipe, buildValidationPipe } from './common/validation';
import { assetsDir } from './web/views';

/** Everything main.ts and the e2e tests both need, so tests run the app as it ships. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get<AppConfig>(APP_CONFIG);
  const server = express.getHttpAdapter().getInstance();
  server.disable('x-powered-by');
  if (config.trustProxy) express.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  express.use(apiHeaders);
  express.useBodyParser('json', { limit: '1mb', verify: checkJsonDepth });
  // The pages' forms post urlencoded bodies.
  express.useBodyParser('urlencoded', { extended: false, limit: '200kb', parameterLimit: 2000 });
  express.use(bodyErrorHandler(new Logger('http')));
  express.use(cookieParser());
  express.useStaticAssets(assetsDir(), { prefix: '/assets/', maxAge: '1h', index: false });
  // Browsers ask for /favicon.ico whatever the page says.
  express.use('/favicon.ico', (_req: unknown, res: { redirect: (s: number, u: string) => void }) => res.redirect(301, '/assets/favicon.svg'));
  app.useGlobalPipes(new CleanInputPipe(), buildValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  if (config.apiDocs) {
    const doc = new DocumentBuilder()
      .setTitle('dondoc API')
      .setDescription('Theo dõi, đôn đốc thực hiện chương trình hành động, kế hoạch của Đảng ủy phường')
      .setVersion('0.1')
      .addBearerAuth()
      .build();
    SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
  }
}
