import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { CONSOLE_PAGE_DIR, ConsoleController } from './console.controller';
import { ConsoleReader } from './console.service';

@Module({
  imports: [
    ServeStaticModule.forRoot({
      rootPath: CONSOLE_PAGE_DIR,
      serveRoot: '/console',
      // GET /console itself is the controller's: the module's fallback for it would turn a
      // failed If-Match or Range into a 404 with an HTML content type
      renderPath: '',
      exclude: ['/console'],
      serveStaticOptions: { redirect: false },
    }),
  ],
  controllers: [ConsoleController],
  providers: [ConsoleReader],
})
export class ConsoleModule {}
