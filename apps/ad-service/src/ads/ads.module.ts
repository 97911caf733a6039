import { Module } from '@nestjs/common';
import { AdHighCpuScenario } from './ad-high-cpu.scenario';
import { AdsController } from './ads.controller';
import { AdsService } from './ads.service';
import { CpuBurner, cpuWorkersGauge } from './cpu-burner';

@Module({
  controllers: [AdsController],
  providers: [AdsService, CpuBurner, cpuWorkersGauge, AdHighCpuScenario],
})
export class AdsModule {}
