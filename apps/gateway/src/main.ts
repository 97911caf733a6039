import { runService } from '@app/core';
import { AppModule } from './app.module';

runService(AppModule);
