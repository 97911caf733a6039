/**
 * The memory budget of one service, in MiB. Node sizes its heap from the machine's memory,
 * not from a container limit, so on a large host it lets garbage pile up far past a 256 Mi
 * limit before collecting (the cache reached 231 MB RSS after 300,000 writes). Capping
 * V8's old space at half the container limit leaves the rest for the young generation,
 * code and native memory, and keeps RSS flat. Compose, the Helm chart and `npm start` all
 * apply these numbers (tests check the first two against this file).
 */
export const CONTAINER_MEMORY_LIMIT_MIB = 256;

function heapLimitMiB(containerMemoryMiB: number): number {
  return Math.floor(containerMemoryMiB / 2);
}

/**
 * Semi-space of V8's young generation, in MiB. V8 grows it to 16 MiB (32 MiB of new space)
 * during start-up and under load, and keeps the pages. Measured on currency-service under
 * load (share of CPU in GC): default 6.3 %, 8 MiB 7.6 %, 4 MiB 8.6 %, 2 MiB 13.8 %; 4 MiB
 * keeps ~20 MB of RSS off a loaded service for 2 % more GC.
 */
const SEMI_SPACE_MIB = 4;

/** The node flags that apply the budget (NODE_OPTIONS in Compose and Helm). */
export function heapLimitFlag(containerMemoryMiB = CONTAINER_MEMORY_LIMIT_MIB): string {
  return `--max-old-space-size=${heapLimitMiB(containerMemoryMiB)} --max-semi-space-size=${SEMI_SPACE_MIB}`;
}
