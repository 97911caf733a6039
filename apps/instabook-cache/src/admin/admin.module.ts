import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AuthModule } from '@app/auth';
import { ADMIN_PAGE_DIR, AdminController } from './admin.controller';
import { AdminService } from './admin.service';

@Module({
  imports: [
    AuthModule,
    ServeStaticModule.forRoot({
      rootPath: ADMIN_PAGE_DIR,
      serveRoot: '/admin',
      // GET /admin itself is the controller's: the module's fallback for it would turn a
      // failed If-Match or Range into a 404 with an HTML content type
      renderPath: '',
      exclude: ['/admin'],
      serveStaticOptions: { redirect: false },
    }),
  ],
  controllers: [AdminController],
  providers: [AdminService],
})
export class AdminModule {}
