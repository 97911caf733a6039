// An app's static files are the files of its source folder that are not TypeScript (the
// instabook-cache admin page, the gateway's console). nest-cli.json declares them for
// `nest build`, which copies them beside the compiled code; tsc does not, so `npm run build`
// copies them here, from the same entries to the same place, and scripts/bundle.mjs takes
// them from there.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The one form of nest-cli.json asset entry this script reproduces. */
const STATIC_FILES = { include: '**/*', exclude: '**/*.ts' };

const { projects } = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'));

/**
 * The static files of one project (a nest-cli.json project name): the source folder, the folder
 * they are copied to and their paths relative to both. None for a project without assets.
 */
export function staticFilesOf(project) {
  const { sourceRoot, compilerOptions } = projects[project];
  return (compilerOptions?.assets ?? []).map((entry) => {
    if (entry.include !== STATIC_FILES.include || entry.exclude !== STATIC_FILES.exclude) {
      throw new Error(
        `nest-cli.json, ${project}: scripts/copy-assets.mjs only copies assets declared as ` +
          `${JSON.stringify(STATIC_FILES)} with an outDir, not ${JSON.stringify(entry)}`,
      );
    }
    const from = join(ROOT, sourceRoot);
    const files = readdirSync(from, { recursive: true, withFileTypes: true })
      .filter((file) => file.isFile() && !file.name.endsWith('.ts'))
      // parentPath is Node 20.12's name for path
      .map((file) => relative(from, join(file.parentPath ?? file.path, file.name)));
    return { from, to: join(ROOT, entry.outDir), files };
  });
}

function copyAll() {
  for (const project of Object.keys(projects)) {
    for (const { from, to, files } of staticFilesOf(project)) {
      for (const file of files) cpSync(join(from, file), join(to, file));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyAll();
